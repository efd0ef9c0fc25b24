"""The plan handed to the bulk services: offerings with sessions, enrollments, attendance, notices."""

from lms.choices import EnrollmentStatus
from lms.demo.notices import Notices
from lms.demo.offerings import PAST, PlannedOffering
from lms.demo.people import Regency
from lms.demo.world import World
from lms.models import Session
from lms.services import bulk


def write_offerings(regency: Regency, world: World, offerings: list[PlannedOffering]):
    rows = [
        bulk.OfferingRow(
            course_id=o.course.pk,
            code=o.code,
            start_date=o.start,
            end_date=o.end,
            capacity=o.capacity,
            enroll_opens=o.opens,
            enroll_closes=o.closes,
            owner_unit_id=regency.units[o.owner][0],
            status=o.status,
            venue_id=o.venue_id,
            requires_approval=o.approval,
            min_attendance_pct=o.min_attendance,
            pass_mark=o.pass_mark,
            notes=o.notes,
            sessions=tuple(
                bulk.SessionRow(
                    s.slot.date,
                    s.slot.starts_at,
                    s.slot.ends_at,
                    s.topic,
                    s.trainer_id,
                    # Today's afternoon session of the story shows a rotating check-in code.
                    rotating_checkin=o.story == "today" and i == len(o.sessions) - 1,
                )
                for i, s in enumerate(o.sessions)
            ),
        )
        for o in offerings
    ]
    created = {o.code: o.pk for o in bulk.offering_bulk_create(actor=None, rows=rows)}
    sessions: dict[int, list[int]] = {}
    for pk, offering_id in (
        Session.objects.filter(offering_id__in=list(created.values()))
        .order_by("offering_id", "date", "starts_at")
        .values_list("pk", "offering_id")
    ):
        sessions.setdefault(offering_id, []).append(pk)
    return created, sessions


def enrollment_rows(offerings, enrollments, created) -> list[bulk.EnrollmentRow]:
    return [
        bulk.EnrollmentRow(
            offering_id=created[o.code],
            employee_id=e.employee_id,
            source=e.source,
            requested_at=e.requested_at,
            history=tuple(e.history),
            need_gap=e.need_gap,
            need_jp_deficit_minutes=e.deficit,
            need_reason=e.reason,
            pre_test=e.pre,
            post_test=e.post,
        )
        for o in offerings
        for e in enrollments[o.code]
    ]


def attendance_rows(offerings, enrollments, created, sessions, pks) -> list[bulk.AttendanceRow]:
    rows = []
    for o in offerings:
        offering_pk = created[o.code]
        for e in enrollments[o.code]:
            enrollment_pk = pks[(offering_pk, e.employee_id)]
            rows += [
                bulk.AttendanceRow(sessions[offering_pk][m.session], enrollment_pk, m.status, m.method, m.at, m.by)
                for m in e.marks
            ]
    return rows


def notification_rows(world: World, offerings, enrollments, activities, created, sessions, pks, activity_pks, venues):
    notices = Notices(world)
    notices.venue_names = venues
    users = {p.pk for p in world.regency.people if p.user_id is not None}
    for o in offerings:
        offering_pk = created[o.code]
        for e in enrollments[o.code]:
            asked = e.history[0].to_status == EnrollmentStatus.PENDING
            if e.employee_id not in users and not asked:
                continue
            pk = pks[(offering_pk, e.employee_id)]
            notices.enrollment(o, offering_pk, e, pk)
            if e.employee_id not in users:
                continue
            if o.phase == PAST and e.completed is not None:
                notices.result(o, e, pk, o.finish_at)
            if e.status == EnrollmentStatus.ENROLLED:
                for index, session in enumerate(o.sessions):
                    if abs((session.slot.date - world.now.date()).days) <= 1:
                        notices.reminder(o, index, sessions[offering_pk][index], e, pk)
    for activity, (pk, minutes) in zip(activities, activity_pks, strict=True):
        if world.regency.by_pk[activity.employee_id].user_id is not None:
            notices.activity(activity, pk, minutes)
    return notices.rows
