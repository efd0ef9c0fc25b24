"""The in-app notifications the services would have sent to the employees who have a login.

Read off the planned histories, with the texts and keys of the services that send them
(enrollment decisions, approval requests, results, reminders, reviewed claims), so that the
demo logins' lists look as they would after three years of use. Older ones are read.
"""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.choices import ActivityStatus, EnrollmentStatus, NotificationKind
from lms.demo.activities import PlannedActivity
from lms.demo.offerings import PlannedOffering
from lms.demo.participants import PlannedEnrollment, World
from lms.rules import format_jp
from lms.services.bulk import NotificationRow

S = EnrollmentStatus
READ_AFTER = datetime.timedelta(days=7)
COORDINATOR_DAYS = datetime.timedelta(days=30)
# The enrollment service's text, word for word, so that one translation serves both.
PROMOTED_BODY = "You were next on the waitlist and are now enrolled. The training runs from %(start)s to %(end)s."


def _url(name: str, *args) -> str:
    # The pages belong to other slices of the app; a missing one leaves the link out.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _stamp(pk: int, at: datetime.datetime) -> str:
    return f"{pk}:{int(at.timestamp() * 1_000_000)}"


class Notices:
    def __init__(self, world: World):
        self.world = world
        self.rows: list[NotificationRow] = []
        # Venue id → name, for the reminders' text.
        self.venue_names: dict[int, str] = {}

    def add(self, user_id, kind, title, body, url, key, at) -> None:
        if user_id is None or at > self.world.now:
            return
        read = at + datetime.timedelta(days=1) if at < self.world.now - READ_AFTER else None
        self.rows.append(NotificationRow(user_id, kind, title, key, at, body=body, url=url, read_at=read))

    def enrollment(self, offering: PlannedOffering, offering_pk: int, row: PlannedEnrollment, pk: int) -> None:
        person = self.world.regency.by_pk[row.employee_id]
        label = f"{offering.course.spec.title} ({offering.code})"
        values = {"course": label}
        mine = _url("my-training")
        for step in row.history:
            at, kind = step.at, None
            if step.to_status == S.PENDING:
                self._pending(offering, offering_pk, row, pk, at)
                continue
            if person.user_id is None:
                continue
            if step.to_status == S.ENROLLED:
                promoted = step.reason == _("Promoted from the waitlist")
                kind = NotificationKind.PROMOTED if promoted else NotificationKind.APPROVED
                if promoted:
                    title = _("A seat opened for you in %(course)s") % values
                    body = _(PROMOTED_BODY) % {"start": offering.start, "end": offering.end}
                else:
                    title = _("You are enrolled in %(course)s") % values
                    body = _("Your seat is confirmed. The training runs from %(start)s to %(end)s.") % {
                        "start": offering.start,
                        "end": offering.end,
                    }
            elif step.to_status == S.WAITLISTED:
                kind = NotificationKind.WAITLISTED
                title = _("You are on the waitlist of %(course)s") % values
                body = _("The offering is full. The waitlist is ordered by need: %(reason)s") % {"reason": row.reason}
            elif step.to_status == S.REJECTED:
                kind = NotificationKind.REJECTED
                title = _("Your enrollment in %(course)s was not approved") % values
                body = _("Reason: %(reason)s") % {"reason": step.reason}
            elif step.to_status == S.CANCELLED and step.actor_id != person.user_id:
                kind = NotificationKind.CANCELLED
                title = _("Your enrollment in %(course)s was cancelled") % values
                body = _("Reason: %(reason)s") % {"reason": step.reason}
            if kind is not None:
                self.add(person.user_id, kind, title, body, mine, f"enrollment:{kind}:{_stamp(pk, at)}", at)

    def _pending(self, offering, offering_pk, row, pk, at) -> None:
        regency = self.world.regency
        person = regency.by_pk[row.employee_id]
        supervisor = regency.by_pk.get(person.supervisor_id) if person.supervisor_id else None
        if supervisor is not None and supervisor.user_id is not None:
            recipients, url = [supervisor.user_id], _url("approvals")
        elif at < self.world.now - COORDINATOR_DAYS:
            # Coordinators are asked about every request without a supervisor login: only the
            # last weeks' are loaded, or their list would hold years of them.
            return
        else:
            coordinator = self.world.coordinator(offering.owner)
            recipients, url = [coordinator] if coordinator else [], _url("offering-roster", offering_pk)
        label = f"{offering.course.spec.title} ({offering.code})"
        for user_id in recipients:
            self.add(
                user_id,
                NotificationKind.PENDING,
                _("%(name)s asks to join %(course)s") % {"name": person.name, "course": offering.code},
                _("Please approve or reject the request for %(course)s. Need: %(reason)s")
                % {"course": label, "reason": row.reason},
                url,
                f"enrollment:pending:{_stamp(pk, at)}:{user_id}",
                at,
            )

    def result(self, offering: PlannedOffering, row: PlannedEnrollment, pk: int, at: datetime.datetime) -> None:
        person = self.world.regency.by_pk[row.employee_id]
        values = {"course": offering.course.spec.title, "code": offering.code}
        if row.completed:
            title = _("Completed: %(course)s") % values
            body = _(
                "You completed %(course)s (%(code)s). %(jp)s JP have been credited to your development record "
                "for %(year)s."
            ) % {**values, "jp": format_jp(offering.course.minutes), "year": offering.end.year}
        else:
            title = _("Not completed: %(course)s") % values
            body = _("You did not complete %(course)s (%(code)s): %(reasons)s. No JP are credited for it.") % {
                **values,
                "reasons": row.result_reason,
            }
        self.add(person.user_id, NotificationKind.RESULT, title, body, "", f"result:{pk}", at)

    def reminder(self, offering: PlannedOffering, index: int, session_pk: int, row: PlannedEnrollment, pk: int):
        """The evening-before reminder the beat task sends for each session."""
        session = offering.sessions[index]
        person = self.world.regency.by_pk[row.employee_id]
        slot = session.slot
        at = self.world.moment(slot.date - datetime.timedelta(days=1), 18)
        times = {"start": f"{slot.starts_at:%H:%M}", "end": f"{slot.ends_at:%H:%M}"}
        venue = self.venue_names.get(offering.venue_id) or _("the venue announced by the coordinator")
        self.add(
            person.user_id,
            NotificationKind.REMINDER,
            _("Reminder: %(course)s on %(date)s, %(start)s–%(end)s")
            % {"course": offering.course.spec.title, "date": date_format(slot.date, "j M"), **times},
            _("%(topic)s on %(date)s, %(start)s–%(end)s at %(venue)s.")
            % {"topic": session.topic, "date": date_format(slot.date, "l, j F Y"), "venue": venue, **times},
            _url("my-training"),
            f"reminder:{session_pk}:{pk}",
            at,
        )

    def activity(self, planned: PlannedActivity, pk: int, minutes: int) -> None:
        person = self.world.regency.by_pk[planned.employee_id]
        if planned.status == ActivityStatus.SUBMITTED:
            return
        if planned.status == ActivityStatus.VERIFIED:
            title = _("JP claim verified: %(title)s") % {"title": planned.title}
            body = _("%(jp)s JP were credited to %(year)s.") % {"jp": format_jp(minutes), "year": planned.end.year}
        else:
            title = _("JP claim rejected: %(title)s") % {"title": planned.title}
            body = planned.review_note
        url = _url("jp-progress")
        self.add(
            person.user_id,
            NotificationKind.ACTIVITY,
            title,
            body,
            f"{url}?year={planned.end.year}" if url else "",
            f"activity:{pk}:{planned.status}",
            planned.reviewed_at,
        )
