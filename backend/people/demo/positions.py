"""The demo's posts (jabatan), their grades and who usually holds them.

Grade ranges follow the usual bands for a kabupaten: JPT pratama IV/c–IV/d,
administrator III/d–IV/b, pengawas III/b–III/d, pelaksana II/a–III/b,
functional ahli pertama III/a–III/b, ahli muda III/c–III/d, ahli madya
IV/a–IV/c, terampil II/c–III/b, mahir III/a–III/b. PPPK grades follow the
Perpres 98/2020 table: pelaksana V, terampil VII, mahir VIII, ahli pertama IX,
ahli muda X–XI.
"""

from dataclasses import dataclass

from backend.people.choices import PositionKind as K
from backend.people.choices import PositionLevel as L


@dataclass(frozen=True)
class PositionSpec:
    key: str
    name: str
    kind: str
    level: str
    pns: tuple[str, str]
    # Empty: the post is filled by PNS only.
    pppk: tuple[str, ...] = ()
    pppk_share: float = 0.0
    # Entry education: sets the grade a CPNS starts at (sma II/a, d3 II/c, s1 III/a, dokter III/b).
    edu: str = "s1"
    # Key into names.TITLES; "field" takes the unit's discipline instead.
    title: str = "field"
    female: float = 0.4
    eselon: str = ""


_p = PositionSpec
JPT, ADM, PGW, PLK, FUN = K.JPT, K.ADMINISTRATOR, K.PENGAWAS, K.PELAKSANA, K.FUNGSIONAL
AP, AM, AMD, TR, MH = L.AHLI_PERTAMA, L.AHLI_MUDA, L.AHLI_MADYA, L.TERAMPIL, L.MAHIR
G_JPT, G_ADM, G_PGW = ("IV/c", "IV/d"), ("III/d", "IV/b"), ("III/b", "III/d")
G_AP, G_AM, G_AMD = ("III/a", "III/b"), ("III/c", "III/d"), ("IV/a", "IV/c")
G_TR, G_MH, G_PLK = ("II/c", "III/b"), ("III/a", "III/b"), ("II/a", "III/b")
K_AP, K_AM, K_TR, K_MH = ("IX",), ("X", "XI"), ("VII",), ("VIII",)


POSITIONS: tuple[PositionSpec, ...] = (
    # Heads of OPDs (JPT pratama in a kabupaten) and of their units.
    _p("sekda", "Sekretaris Daerah", JPT, L.PRATAMA, ("IV/d", "IV/d"), title="jpt", female=0.1, eselon="II.a"),
    _p("kepala_dinas", "Kepala Dinas", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("kepala_badan", "Kepala Badan", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("inspektur", "Inspektur", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("sekwan", "Sekretaris DPRD", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("kasatpol", "Kepala Satuan Polisi Pamong Praja", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.05, eselon="II.b"),
    _p("direktur_rsud", "Direktur RSUD", JPT, L.PRATAMA, G_JPT, edu="dokter", title="dokter_pimpinan", eselon="II.b"),
    _p("asisten", "Asisten Sekretaris Daerah", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("staf_ahli", "Staf Ahli Bupati", JPT, L.PRATAMA, G_JPT, title="jpt", female=0.2, eselon="II.b"),
    _p("camat", "Camat", ADM, "", G_ADM, title="pamong", female=0.15, eselon="III.a"),
    _p("sekretaris_dinas", "Sekretaris Dinas", ADM, "", G_ADM, title="admin", female=0.35, eselon="III.a"),
    _p("sekretaris_badan", "Sekretaris Badan", ADM, "", G_ADM, title="admin", female=0.35, eselon="III.a"),
    _p("sekretaris_satpol", "Sekretaris Satuan Polisi Pamong Praja", ADM, "", G_ADM, title="pamong", eselon="III.a"),
    _p("sekretaris_inspektorat", "Sekretaris Inspektorat", ADM, "", G_ADM, title="admin", eselon="III.a"),
    _p("kepala_bagian", "Kepala Bagian", ADM, "", G_ADM, title="admin", female=0.35, eselon="III.a"),
    _p("kepala_bidang", "Kepala Bidang", ADM, "", G_ADM, title="admin", female=0.35, eselon="III.b"),
    _p("inspektur_pembantu", "Inspektur Pembantu", ADM, "", G_ADM, title="admin", female=0.3, eselon="III.b"),
    _p("sekcam", "Sekretaris Camat", ADM, "", G_ADM, title="pamong", female=0.25, eselon="III.b"),
    _p("kepala_seksi", "Kepala Seksi", PGW, "", G_PGW, female=0.4, eselon="IV.a"),
    _p("kasubbag", "Kepala Subbagian", PGW, "", G_PGW, female=0.5, eselon="IV.a"),
    _p("lurah", "Lurah", PGW, "", G_PGW, title="pamong", female=0.25, eselon="IV.a"),
    _p("seklur", "Sekretaris Lurah", PGW, "", G_PGW, female=0.4, eselon="IV.b"),
    _p("kepala_puskesmas", "Kepala Puskesmas", PGW, "", G_PGW, title="kapus", female=0.55, eselon="IV.a"),
    _p("kepala_uptd", "Kepala UPTD", PGW, "", G_PGW, female=0.3, eselon="IV.a"),
    # Head of school is a teacher with an additional task, not a structural post.
    _p("kepala_sekolah", "Kepala Sekolah", FUN, AMD, ("IV/a", "IV/b"), title="guru_senior", female=0.45),
    # Pelaksana: the post names of PermenPANRB 45/2024.
    _p("pengadministrasi", "Pengadministrasi Perkantoran", PLK, L.KLEREK, G_PLK, ("V",), 0.25, "sma", "none", 0.5),
    _p("operator_lo", "Operator Layanan Operasional", PLK, L.OPERATOR, G_PLK, ("V",), 0.5, "sma", "none", 0.35),
    _p("penata_lo", "Penata Layanan Operasional", PLK, L.OPERATOR, ("III/a", "III/b"), ("IX",), 0.3, female=0.5),
    _p("teknisi", "Teknisi Sarana dan Prasarana", PLK, L.TEKNISI, G_TR, ("VII",), 0.35, "d3", "teknik_d3", 0.1),
    # Functional posts.
    _p("guru_ap", "Guru Ahli Pertama", FUN, AP, G_AP, K_AP, 0.65, title="guru", female=0.7),
    _p("guru_am", "Guru Ahli Muda", FUN, AM, G_AM, K_AM, 0.05, title="guru", female=0.7),
    _p("guru_amd", "Guru Ahli Madya", FUN, AMD, G_AMD, title="guru_senior", female=0.65),
    _p("pengawas_sekolah", "Pengawas Sekolah Ahli Madya", FUN, AMD, G_AMD, title="guru_senior", female=0.4),
    _p("penilik", "Penilik Ahli Pertama", FUN, AP, G_AP, title="guru", female=0.6),
    _p("pamong_budaya", "Pamong Budaya Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2),
    _p("pustakawan_t", "Pustakawan Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "d3_umum", 0.6),
    _p("pustakawan_ap", "Pustakawan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, female=0.6),
    _p("arsiparis_t", "Arsiparis Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "d3_umum", 0.6),
    _p("dokter_ap", "Dokter Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, "dokter", "dokter", 0.6),
    _p("dokter_am", "Dokter Ahli Muda", FUN, AM, G_AM, edu="dokter", title="dokter", female=0.55),
    _p("dokter_spesialis", "Dokter Ahli Madya", FUN, AMD, G_AMD, edu="dokter", title="dokter_spesialis", female=0.4),
    _p("dokter_gigi", "Dokter Gigi Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, "dokter", "dokter_gigi", 0.7),
    _p("perawat_t", "Perawat Terampil", FUN, TR, G_TR, K_TR, 0.45, "d3", "perawat_d3", 0.7),
    _p("perawat_m", "Perawat Mahir", FUN, MH, G_MH, K_MH, 0.1, "d3", "perawat_d3", 0.7),
    _p("perawat_ap", "Perawat Ahli Pertama", FUN, AP, G_AP, K_AP, 0.3, title="ners", female=0.7),
    _p("perawat_am", "Perawat Ahli Muda", FUN, AM, G_AM, title="ners", female=0.7),
    _p("bidan_t", "Bidan Terampil", FUN, TR, G_TR, K_TR, 0.45, "d3", "bidan_d3", 1.0),
    _p("bidan_m", "Bidan Mahir", FUN, MH, G_MH, K_MH, 0.1, "d3", "bidan_d3", 1.0),
    _p("bidan_ap", "Bidan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.3, title="bidan_s1", female=1.0),
    _p("apoteker", "Apoteker Ahli Pertama", FUN, AP, G_AP, K_AP, 0.3, title="apoteker", female=0.7),
    _p("ttk", "Asisten Apoteker Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "farmasi_d3", 0.75),
    _p("pranata_labkes", "Pranata Laboratorium Kesehatan Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "analis_d3", 0.7),
    _p("nutrisionis", "Nutrisionis Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "gizi_d3", 0.85),
    _p("sanitarian", "Sanitarian Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "kesling_d3", 0.6),
    _p("perekam_medis", "Perekam Medis Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "rekmed_d3", 0.6),
    _p("radiografer", "Radiografer Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "radiologi_d3", 0.4),
    _p("fisioterapis", "Fisioterapis Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "fisio_d3", 0.6),
    _p("penyuluh_kesehatan", "Penyuluh Kesehatan Masyarakat Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="skm"),
    _p("epidemiolog", "Epidemiolog Kesehatan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="skm", female=0.6),
    _p("adminkes", "Administrator Kesehatan Ahli Pertama", FUN, AP, G_AP, title="skm", female=0.6),
    _p("analis_sdm_ap", "Analis SDM Aparatur Ahli Pertama", FUN, AP, G_AP, K_AP, 0.1, female=0.55),
    _p("analis_sdm_am", "Analis SDM Aparatur Ahli Muda", FUN, AM, G_AM, female=0.55),
    _p("asesor_sdm", "Asesor SDM Aparatur Ahli Pertama", FUN, AP, G_AP, title="psikologi", female=0.6),
    _p("widyaiswara", "Widyaiswara Ahli Muda", FUN, AM, G_AM, title="master", female=0.45),
    _p("pranata_komputer_ap", "Pranata Komputer Ahli Pertama", FUN, AP, G_AP, K_AP, 0.3, title="it", female=0.35),
    _p("pranata_komputer_am", "Pranata Komputer Ahli Muda", FUN, AM, G_AM, title="it", female=0.3),
    _p("pranata_komputer_t", "Pranata Komputer Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "it_d3", 0.35),
    _p("humas", "Pranata Hubungan Masyarakat Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="komunikasi"),
    _p("statistisi", "Statistisi Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="statistik", female=0.5),
    _p("sandiman", "Sandiman Ahli Pertama", FUN, AP, G_AP, title="it", female=0.3),
    _p("auditor_ap", "Auditor Ahli Pertama", FUN, AP, G_AP, K_AP, 0.15, title="keuangan", female=0.5),
    _p("auditor_am", "Auditor Ahli Muda", FUN, AM, G_AM, title="keuangan", female=0.45),
    _p("auditor_amd", "Auditor Ahli Madya", FUN, AMD, G_AMD, title="keuangan_master", female=0.35),
    _p("p2upd", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama", FUN, AP, G_AP),
    _p("perencana_ap", "Perencana Ahli Pertama", FUN, AP, G_AP, K_AP, 0.15, female=0.5),
    _p("perencana_am", "Perencana Ahli Muda", FUN, AM, G_AM, female=0.45),
    _p("analis_kebijakan_ap", "Analis Kebijakan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.1, female=0.5),
    _p("analis_kebijakan_am", "Analis Kebijakan Ahli Muda", FUN, AM, G_AM, female=0.45),
    _p("analis_keuangan", "Analis Keuangan Pusat dan Daerah Ahli Pertama", FUN, AP, G_AP, K_AP, 0.15, title="keuangan"),
    _p("perancang_perundangan", "Perancang Peraturan Perundang-undangan Ahli Pertama", FUN, AP, G_AP, title="hukum"),
    _p("analis_hukum", "Analis Hukum Ahli Pertama", FUN, AP, G_AP, K_AP, 0.15, title="hukum", female=0.5),
    _p("pengelola_pbj", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", FUN, AP, G_AP, K_AP, 0.1),
    _p("polpp_t", "Polisi Pamong Praja Terampil", FUN, TR, ("II/a", "III/b"), ("V",), 0.3, "sma", "none", 0.15),
    _p("polpp_ap", "Polisi Pamong Praja Ahli Pertama", FUN, AP, G_AP, title="pamong", female=0.2),
    _p("damkar", "Analis Kebakaran Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="teknik", female=0.1),
    _p("penyuluh_pertanian_ap", "Penyuluh Pertanian Ahli Pertama", FUN, AP, G_AP, K_AP, 0.35, title="pertanian"),
    _p("penyuluh_pertanian_t", "Penyuluh Pertanian Terampil", FUN, TR, G_TR, K_TR, 0.35, "d3", "pertanian_d3", 0.3),
    _p(
        "popt", "Pengendali Organisme Pengganggu Tumbuhan Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "pertanian_d3", 0.3
    ),
    _p("medik_veteriner", "Medik Veteriner Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="drh", female=0.5),
    _p("paramedik_veteriner", "Paramedik Veteriner Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "pertanian_d3", 0.3),
    _p("analis_pangan", "Analis Ketahanan Pangan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="pertanian"),
    _p("pengawas_perikanan", "Pengawas Perikanan Ahli Pertama", FUN, AP, G_AP, title="perikanan"),
    _p("teknik_jalan", "Teknik Jalan dan Jembatan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="teknik", female=0.2),
    _p("teknik_pengairan", "Teknik Pengairan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="teknik", female=0.2),
    _p("penata_ruang", "Penata Ruang Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="teknik", female=0.35),
    _p("teknik_bangunan", "Teknik Tata Bangunan dan Perumahan Ahli Pertama", FUN, AP, G_AP, title="teknik", female=0.3),
    _p("penguji_kendaraan", "Penguji Kendaraan Bermotor Terampil", FUN, TR, G_TR, K_TR, 0.3, "d3", "teknik_d3", 0.1),
    _p("pengendali_dampak", "Pengendali Dampak Lingkungan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="lingkungan"),
    _p("adminduk", "Administrator Database Kependudukan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="it"),
    _p("pekerja_sosial", "Pekerja Sosial Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="sosial", female=0.55),
    _p("penyuluh_sosial", "Penyuluh Sosial Ahli Pertama", FUN, AP, G_AP, title="sosial", female=0.5),
    _p("mediator_hi", "Mediator Hubungan Industrial Ahli Pertama", FUN, AP, G_AP, title="hukum", female=0.4),
    _p("pengantar_kerja", "Pengantar Kerja Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, female=0.5),
    _p("psm", "Penggerak Swadaya Masyarakat Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, title="sosial", female=0.4),
    _p("penata_perizinan", "Penata Perizinan Ahli Pertama", FUN, AP, G_AP, K_AP, 0.2, female=0.5),
    _p(
        "analis_bencana",
        "Penata Penanggulangan Bencana Ahli Pertama",
        FUN,
        AP,
        G_AP,
        K_AP,
        0.2,
        title="teknik",
        female=0.3,
    ),
    _p(
        "penyuluh_kb", "Penyuluh Keluarga Berencana Ahli Pertama", FUN, AP, G_AP, K_AP, 0.25, title="sosial", female=0.7
    ),
    _p("pengawas_perdagangan", "Pengawas Perdagangan Ahli Pertama", FUN, AP, G_AP, title="ekonomi", female=0.45),
    _p("penyuluh_koperasi", "Pengawas Koperasi Ahli Pertama", FUN, AP, G_AP, title="ekonomi", female=0.45),
    _p("adyatama_pariwisata", "Adyatama Kepariwisataan dan Ekonomi Kreatif Ahli Pertama", FUN, AP, G_AP),
    _p("pengawas_perkebunan", "Pengawas Mutu Hasil Pertanian Ahli Pertama", FUN, AP, G_AP, title="pertanian"),
)

BY_KEY = {spec.key: spec for spec in POSITIONS}


# Staffing profiles: (position key, weight, at most this many per unit or None).
PROFILES: dict[str, tuple[tuple[str, float, int | None], ...]] = {
    "pimpinan": (("asisten", 3, 3), ("staf_ahli", 3, 3), ("pengadministrasi", 1, None), ("operator_lo", 1, None)),
    "sekretariat": (
        ("kasubbag", 2, 3),
        ("pengadministrasi", 4, None),
        ("penata_lo", 2, None),
        ("operator_lo", 1, None),
        ("perencana_ap", 0.6, 2),
        ("analis_keuangan", 0.6, 2),
        ("arsiparis_t", 0.4, 1),
        ("analis_sdm_ap", 0.4, 1),
    ),
    "bagian": (
        ("kasubbag", 2, 3),
        ("analis_kebijakan_ap", 1.5, None),
        ("analis_kebijakan_am", 0.6, 2),
        ("pengadministrasi", 2.5, None),
        ("penata_lo", 1.5, None),
    ),
    "bidang": (("kepala_seksi", 2, 3), ("pengadministrasi", 2, None), ("penata_lo", 2, None), ("operator_lo", 1, None)),
    "uptd": (("pengadministrasi", 2, None), ("operator_lo", 2, None), ("teknisi", 1, None)),
    "kecamatan": (
        ("sekcam", 4, 1),
        ("kepala_seksi", 3, 4),
        ("penata_lo", 2, None),
        ("pengadministrasi", 3, None),
        ("operator_lo", 1, None),
        ("polpp_t", 1, 2),
        ("psm", 0.5, 1),
    ),
    "kelurahan": (("seklur", 3, 1), ("kepala_seksi", 2, 3), ("pengadministrasi", 3, None), ("operator_lo", 1, None)),
    "sd": (
        ("guru_ap", 6, None),
        ("guru_am", 3, None),
        ("guru_amd", 1.5, None),
        ("pengadministrasi", 0.4, 1),
        ("operator_lo", 0.3, 1),
    ),
    "smp": (
        ("guru_ap", 6, None),
        ("guru_am", 3.5, None),
        ("guru_amd", 2, None),
        ("pengadministrasi", 0.8, 2),
        ("pustakawan_t", 0.3, 1),
        ("operator_lo", 0.4, 1),
    ),
    "puskesmas": (
        ("dokter_ap", 1, None),
        ("dokter_am", 0.4, 2),
        ("dokter_gigi", 0.4, 2),
        ("perawat_t", 5, None),
        ("perawat_m", 1.5, None),
        ("perawat_ap", 2, None),
        ("bidan_t", 5, None),
        ("bidan_m", 1.5, None),
        ("bidan_ap", 0.8, None),
        ("apoteker", 0.4, 2),
        ("ttk", 0.8, None),
        ("pranata_labkes", 0.8, None),
        ("nutrisionis", 0.6, None),
        ("sanitarian", 0.6, None),
        ("penyuluh_kesehatan", 0.4, 2),
        ("perekam_medis", 0.5, None),
        ("adminkes", 0.3, 1),
        ("pengadministrasi", 1.5, None),
        ("operator_lo", 0.6, None),
    ),
}
