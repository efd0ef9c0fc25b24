"""Courses of the demo catalog that answer work-behaviour values and IKM elements (besides indicators).

Weights say how directly: the BerAKHLAK course answers every value a little, the service
courses answer the IKM elements about staff (U6 competence, U7 behaviour) directly.
"""

from decimal import Decimal

from lms.choices import GapTargetKind

B, U = GapTargetKind.BEHAVIOUR, GapTargetKind.IKM_ELEMENT
FULL, PART = Decimal("1"), Decimal("0.5")

GAP_TARGETS: dict[str, tuple[tuple[str, str, Decimal], ...]] = {
    "berakhlak": tuple(
        (B, value, PART)
        for value in (
            "berorientasi_pelayanan",
            "akuntabel",
            "kompeten",
            "harmonis",
            "loyal",
            "adaptif",
            "kolaboratif",
        )
    ),
    "integritas": ((B, "akuntabel", FULL), (B, "loyal", PART)),
    "gratifikasi": ((B, "akuntabel", PART),),
    "disiplin-pns": ((B, "akuntabel", PART), (B, "loyal", PART)),
    "netralitas": ((B, "loyal", FULL),),
    "wawasan-kebangsaan": ((B, "loyal", PART), (B, "harmonis", PART)),
    "kerjasama-tim": ((B, "kolaboratif", FULL), (B, "harmonis", PART)),
    "konflik": ((B, "harmonis", FULL),),
    "manajemen-perubahan": ((B, "adaptif", FULL),),
    "inovasi-pelayanan": ((B, "adaptif", PART), (U, "u2", PART)),
    "literasi-digital": ((B, "adaptif", PART),),
    "orientasi-hasil": ((B, "kompeten", PART),),
    "pelayanan-prima": ((B, "berorientasi_pelayanan", FULL), (U, "u6", FULL), (U, "u7", FULL)),
    "etika-pelayanan": ((B, "berorientasi_pelayanan", PART), (U, "u7", FULL)),
    "komunikasi-nakes": ((U, "u7", FULL), (U, "u6", PART)),
    "pengaduan": ((U, "u8", FULL),),
    "keluhan-pasien": ((U, "u8", FULL),),
    "standar-pelayanan": ((U, "u1", FULL), (U, "u2", FULL), (U, "u3", PART), (U, "u4", PART), (U, "u5", PART)),
    "sop": ((U, "u2", FULL), (U, "u3", PART)),
    "mpp": ((U, "u1", PART), (U, "u9", PART)),
    "jemput-bola": ((U, "u3", PART),),
}
