from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.people.choices import (
    GRADE_CHOICES,
    GRADES_BY_TYPE,
    LEVELS_BY_KIND,
    OPD_KINDS,
    PANGKAT_BY_GRADE,
    PNS_GRADE_CODES,
    PPPK_GRADES,
    EmploymentType,
    OrgUnitKind,
    PositionKind,
    PositionLevel,
    Role,
    Sex,
)
from backend.people.nip import format_nip, parse_nip


def unit_path(parent: "OrgUnit | None", pk: int) -> str:
    """The materialised path of a unit: its ancestors' ids and its own, zero-padded.

    Padding makes the text order of paths the tree's order (parents before
    children, siblings by creation), so ``ORDER BY path`` lists a tree.
    """
    return f"{parent.path if parent else '/'}{pk:07d}/"


class OrgUnit(models.Model):
    """A node of the regency's organisation: an OPD or a unit inside one.

    ``path`` is the materialised chain of ids (``/0000003/0000017/``) so that a
    subtree is one indexed prefix match; services keep it right when a unit moves.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    is_competency_agency = models.BooleanField(
        _("competency-development agency (BKPSDM)"),
        default=False,
        help_text=_("Its training coordinators manage training for the whole regency."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=OPD_KINDS) & Q(parent__isnull=True))
                | (~Q(kind__in=OPD_KINDS) & Q(parent__isnull=False)),
                name="orgunit_opd_is_top_level",
                violation_error_message=_("An OPD has no parent unit; every other unit has one."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="orgunit_not_own_parent",
            ),
            models.UniqueConstraint(
                fields=["is_competency_agency"],
                condition=Q(is_competency_agency=True),
                name="orgunit_one_competency_agency",
                violation_error_message=_("Only one unit can be the competency-development agency."),
            ),
            models.CheckConstraint(
                condition=Q(is_competency_agency=False) | Q(parent__isnull=True),
                name="orgunit_competency_agency_is_opd",
                violation_error_message=_("The competency-development agency must be an OPD."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_opd(self) -> bool:
        return self.kind in OPD_KINDS

    @property
    def label(self) -> str:
        """The name with its parent's: "Sekretariat" alone is ambiguous in a regency of many."""
        return self.name if self.parent_id is None else f"{self.name} – {self.parent.name}"

    @property
    def indented_name(self) -> str:
        return f"{'— ' * (self.depth - 1)}{self.name}"

    @property
    def opd_id(self) -> int:
        return int(self.path.strip("/").split("/")[0])

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class Position(models.Model):
    """A post (jabatan). Eselon is kept for display only; no rule reads it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=PositionLevel.choices, blank=True)
    eselon = models.CharField(_("eselon (legacy)"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(kind=kind, level__in=[str(level) for level in levels])
                        for kind, levels in LEVELS_BY_KIND.items()
                    ],
                    _connector=Q.OR,
                ),
                name="position_level_matches_kind",
                violation_error_message=_("This level does not exist for this kind of position."),
            ),
        ]

    def __str__(self):
        return self.name


class Employee(models.Model):
    """An ASN: a PNS or a PPPK. Birth date and sex are derived from the number."""

    nip = models.CharField(
        _("NIP / NI PPPK"),
        max_length=18,
        unique=True,
        error_messages={"unique": _("An employee with this number already exists.")},
    )
    name = models.CharField(_("name"), max_length=150, db_index=True)
    front_title = models.CharField(_("title before name"), max_length=30, blank=True)
    back_title = models.CharField(_("title after name"), max_length=60, blank=True)
    employment_type = models.CharField(_("employment type"), max_length=4, choices=EmploymentType.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    grade = models.CharField(_("grade (golongan)"), max_length=5, choices=GRADE_CHOICES)
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="employees", verbose_name=_("position")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit"))
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
        verbose_name=_("supervisor (appraiser)"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
        verbose_name=_("login"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name", "nip"]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="employee_nip_18_digits"),
            models.CheckConstraint(
                condition=(Q(employment_type=EmploymentType.PNS) & Q(nip__regex=r"^[0-9]{12}[01]"))
                | (Q(employment_type=EmploymentType.PPPK) & Q(nip__regex=r"^[0-9]{12}2")),
                name="employee_type_matches_nip_digit_13",
            ),
            models.CheckConstraint(
                condition=(Q(employment_type=EmploymentType.PNS) & Q(grade__in=PNS_GRADE_CODES))
                | (Q(employment_type=EmploymentType.PPPK) & Q(grade__in=PPPK_GRADES)),
                name="employee_grade_matches_type",
                violation_error_message=_("This grade does not exist for this employment type."),
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="employee_sex_valid"),
            models.CheckConstraint(condition=~Q(supervisor=F("id")), name="employee_not_own_supervisor"),
        ]
        indexes = [models.Index(fields=["unit", "name"], name="employee_unit_name_idx")]

    def __str__(self):
        return f"{self.display_name} ({self.nip})"

    @property
    def display_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return PANGKAT_BY_GRADE.get(self.grade, "")

    def clean(self):
        errors = {}
        if self.nip:
            try:
                parsed = parse_nip(self.nip, employment_type=self.employment_type or None)
            except ValidationError as exc:
                errors["nip"] = exc.messages
            else:
                # Unset on a form's unsaved instance: the service derives both before saving.
                derived = self.birth_date is not None
                if derived and (self.birth_date, self.sex) != (parsed.birth_date, parsed.sex):
                    # Services derive both from the number; a mismatch is a bug upstream.
                    errors["nip"] = [_("Birth date and sex must be the ones encoded in the number.")]
        if self.employment_type and self.grade and self.grade not in GRADES_BY_TYPE[self.employment_type]:
            valid = GRADES_BY_TYPE[self.employment_type]
            errors["grade"] = [
                _("Grade %(grade)s is not valid for %(type)s; use %(first)s to %(last)s.")
                % {
                    "grade": self.grade,
                    "type": EmploymentType(self.employment_type).label,
                    "first": valid[0],
                    "last": valid[-1],
                }
            ]
        if self.supervisor_id is not None and self.supervisor_id == self.pk:
            errors["supervisor"] = [_("An employee cannot supervise themselves.")]
        if errors:
            raise ValidationError(errors)


class RoleAssignment(models.Model):
    """A role granted to a login; coordinators are scoped to an org-unit subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("scope unit"),
        help_text=_("Coordinators only: they manage this unit and everything under it."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.COORDINATOR) & Q(org_unit__isnull=False))
                | (~Q(role=Role.COORDINATOR) & Q(org_unit__isnull=True)),
                name="roleassignment_scope_only_for_coordinators",
                violation_error_message=_("A coordinator needs a scope unit; other roles have none."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                condition=Q(org_unit__isnull=False),
                name="roleassignment_unique_scoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(org_unit__isnull=True),
                name="roleassignment_unique_unscoped",
            ),
        ]

    def __str__(self):
        scope = f" – {self.org_unit}" if self.org_unit_id else ""
        return f"{self.user}: {self.get_role_display()}{scope}"
