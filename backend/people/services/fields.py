"""Field lists every people service records in its history."""

ORG_UNIT_FIELDS = ["code", "name", "kind", "parent", "is_competency_agency", "is_active"]
POSITION_FIELDS = ["name", "kind", "level", "eselon"]
EMPLOYEE_FIELDS = [
    "nip",
    "name",
    "front_title",
    "back_title",
    "employment_type",
    "birth_place",
    "grade",
    "position",
    "unit",
    "supervisor",
    "user",
    "email",
    "is_active",
]
