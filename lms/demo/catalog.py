"""The demo catalog's reference data: competencies, venues in Muara Bungo, trainers, session topics.

Written as the regency's training unit would write them: data, in Indonesian. Competencies
follow PermenPANRB 38/2017 (managerial, socio-cultural) and Permendagri 108/2017
(kompetensi pemerintahan); the technical ones are the regency's own. Trainer names and
venue addresses are illustrative.
"""

from dataclasses import dataclass

from lms.choices import CompetencyType

T, M, SC, G = (
    CompetencyType.TECHNICAL,
    CompetencyType.MANAGERIAL,
    CompetencyType.SOCIO_CULTURAL,
    CompetencyType.GOVERNMENT,
)

# (code, name, type)
COMPETENCIES = (
    # Managerial (PermenPANRB 38/2017).
    ("integritas", "Integritas", M),
    ("kerjasama", "Kerjasama", M),
    ("komunikasi", "Komunikasi", M),
    ("orientasi-hasil", "Orientasi pada Hasil", M),
    ("pelayanan-publik", "Pelayanan Publik", M),
    ("pengembangan-diri", "Pengembangan Diri dan Orang Lain", M),
    ("mengelola-perubahan", "Mengelola Perubahan", M),
    ("pengambilan-keputusan", "Pengambilan Keputusan", M),
    # Socio-cultural.
    ("perekat-bangsa", "Perekat Bangsa", SC),
    # Kompetensi pemerintahan (Permendagri 108/2017).
    ("kebijakan-desentralisasi", "Kebijakan Desentralisasi", G),
    ("hubungan-pusat-daerah", "Hubungan Pemerintah Pusat dan Daerah", G),
    ("pemerintahan-umum", "Pemerintahan Umum", G),
    ("pengelolaan-keuangan-daerah", "Pengelolaan Keuangan Daerah", G),
    ("urusan-pemerintahan", "Urusan Pemerintahan", G),
    ("hubungan-eksekutif-legislatif", "Hubungan Eksekutif dan Legislatif Daerah", G),
    ("etika-pemerintahan", "Etika Pemerintahan", G),
    # Technical.
    ("asuhan-keperawatan", "Asuhan Keperawatan dan Kebidanan", T),
    ("rekam-medis", "Rekam Medis dan Informasi Kesehatan", T),
    ("manajemen-yankes", "Manajemen Pelayanan Kesehatan", T),
    ("keselamatan-pasien", "Keselamatan Pasien dan Pengendalian Infeksi", T),
    ("pembelajaran", "Perencanaan dan Pelaksanaan Pembelajaran", T),
    ("asesmen-pembelajaran", "Asesmen Pembelajaran", T),
    ("manajemen-sekolah", "Manajemen Sekolah", T),
    ("perizinan", "Pelayanan Perizinan Berusaha", T),
    ("administrasi-kependudukan", "Administrasi Kependudukan", T),
    ("pelayanan-administrasi", "Pelayanan Administrasi Pemerintahan", T),
    ("kearsipan", "Kearsipan", T),
    ("tata-naskah", "Tata Naskah Dinas", T),
    ("keuangan-aset", "Pengelolaan Keuangan dan Aset", T),
    ("pengadaan", "Pengadaan Barang/Jasa Pemerintah", T),
    ("perencanaan-kinerja", "Perencanaan dan Akuntabilitas Kinerja", T),
    ("pengawasan-internal", "Pengawasan Internal", T),
    ("analisis-kebijakan", "Analisis Kebijakan", T),
    ("manajemen-asn", "Manajemen ASN", T),
    ("spbe", "Sistem Pemerintahan Berbasis Elektronik", T),
    ("data-statistik", "Pengelolaan Data dan Statistik", T),
    ("hukum", "Penyusunan Produk Hukum", T),
    ("kebencanaan", "Penanggulangan Bencana", T),
    ("lingkungan", "Pengelolaan Lingkungan Hidup", T),
    ("pertanian", "Penyuluhan Pertanian dan Perkebunan", T),
    ("perlindungan-sosial", "Perlindungan dan Pemberdayaan Sosial", T),
    ("ketertiban-umum", "Ketertiban Umum dan Penegakan Perda", T),
)


@dataclass(frozen=True)
class VenueSpec:
    name: str
    capacity: int
    address: str
    # Code of the unit that manages it.
    unit: str
    # Rooms for computer courses.
    lab: bool = False


KOMPLEKS = "Kompleks Perkantoran Pemerintah Kabupaten Bungo, Muara Bungo"
VENUES = (
    VenueSpec("Aula BKPSDM Kabupaten Bungo", 60, f"Gedung BKPSDM, {KOMPLEKS}", "bkpsdm"),
    VenueSpec("Ruang Kelas BKPSDM 1", 35, f"Gedung BKPSDM lantai 2, {KOMPLEKS}", "bkpsdm"),
    VenueSpec("Ruang Kelas BKPSDM 2", 35, f"Gedung BKPSDM lantai 2, {KOMPLEKS}", "bkpsdm"),
    VenueSpec("Laboratorium Komputer BKPSDM", 30, f"Gedung BKPSDM lantai 3, {KOMPLEKS}", "bkpsdm", lab=True),
    VenueSpec("Aula Kantor Bupati Bungo", 150, f"Kantor Bupati Bungo, {KOMPLEKS}", "setda"),
    VenueSpec("Ruang Rapat Sekretariat Daerah", 40, f"Kantor Bupati Bungo lantai 2, {KOMPLEKS}", "setda"),
    VenueSpec("Aula RSUD H. Hanafie", 80, "RSUD H. Hanafie, Jl. Jenderal Sudirman, Muara Bungo", "rsud-hanafie"),
    VenueSpec("Ruang Diklat RSUD H. Hanafie", 30, "Gedung Diklat RSUD H. Hanafie, Muara Bungo", "rsud-hanafie"),
    VenueSpec(
        "Aula Dinas Pendidikan dan Kebudayaan", 100, "Kantor Dinas Pendidikan dan Kebudayaan, Muara Bungo", "dikbud"
    ),
    VenueSpec("Aula Dinas Kesehatan", 60, "Kantor Dinas Kesehatan, Muara Bungo", "dinkes"),
    VenueSpec("Gedung Serbaguna Muara Bungo", 300, "Jl. Lintas Sumatera, Muara Bungo", "setda"),
    VenueSpec("Laboratorium Komputer SMK Negeri 1 Muara Bungo", 36, "SMK Negeri 1 Muara Bungo", "dikbud", lab=True),
    VenueSpec("Aula Bappeda", 50, "Kantor Bappeda, Muara Bungo", "bappeda"),
)
# A bigger regency (the benchmark's) has more rooms: the kecamatan halls join the list.
KECAMATAN_HALL = "Aula Kantor Camat {name}"


@dataclass(frozen=True)
class TrainerSpec:
    name: str
    institution: str
    expertise: str
    # Themes of ``TOPICS`` the trainer teaches.
    themes: tuple[str, ...]


WI = "BPSDM Provinsi Jambi"
TRAINERS = (
    TrainerSpec(
        "Dr. H. Syahrial Anwar, M.Si.",
        WI,
        "Widyaiswara Ahli Utama: kepemimpinan, manajemen perubahan",
        ("kepemimpinan", "manajerial"),
    ),
    TrainerSpec(
        "Dra. Hj. Nurhayati Lubis, M.Pd.",
        WI,
        "Widyaiswara: pengembangan diri, coaching",
        ("manajerial", "sosial-kultural"),
    ),
    TrainerSpec(
        "Ir. Bambang Sutrisno, M.M.",
        WI,
        "Widyaiswara: perencanaan dan akuntabilitas kinerja",
        ("perencanaan", "kepemimpinan"),
    ),
    TrainerSpec(
        "Drs. Zulkifli Hasan, M.Si.", WI, "Widyaiswara: pelayanan publik, etika ASN", ("pelayanan", "sosial-kultural")
    ),
    TrainerSpec("Dr. Rita Marlina, S.E., M.Si.", WI, "Widyaiswara: keuangan daerah", ("keuangan", "perencanaan")),
    TrainerSpec(
        "Hendra Gunawan, S.Sos., M.AP.", WI, "Widyaiswara: administrasi publik, kebijakan", ("pemerintahan", "analisis")
    ),
    TrainerSpec(
        "Dr. Fitriani Harahap, M.Pd.",
        WI,
        "Widyaiswara: wawasan kebangsaan, bela negara",
        ("sosial-kultural", "manajerial"),
    ),
    TrainerSpec("Muhammad Iqbal, S.STP., M.Si.", WI, "Widyaiswara: pemerintahan daerah", ("pemerintahan", "pelayanan")),
    TrainerSpec(
        "dr. Yusnaini, M.Kes.", "Bapelkes Provinsi Jambi", "Manajemen puskesmas, mutu pelayanan", ("kesehatan",)
    ),
    TrainerSpec(
        "Ns. Eko Prasetyo, S.Kep., M.Kep.", "Bapelkes Provinsi Jambi", "Asuhan keperawatan, dokumentasi", ("kesehatan",)
    ),
    TrainerSpec(
        "Rahmawati, A.Md.PK., S.KM.", "Bapelkes Provinsi Jambi", "Rekam medis, kodefikasi ICD", ("kesehatan", "tik")
    ),
    TrainerSpec("Dr. Afrizal Tanjung, M.Pd.", "BPMP Provinsi Jambi", "Kurikulum Merdeka, asesmen", ("pendidikan",)),
    TrainerSpec(
        "Sri Wahyuni, S.Pd., M.Pd.", "BPMP Provinsi Jambi", "Pembelajaran berdiferensiasi, literasi", ("pendidikan",)
    ),
    TrainerSpec(
        "Andi Saputra, S.T., M.T.",
        "LKPP (pelatih bersertifikat)",
        "Pengadaan barang/jasa, e-katalog",
        ("keuangan", "perencanaan"),
    ),
    TrainerSpec(
        "Desi Ratnasari, S.Sos., M.Hum.",
        "Arsip Nasional Republik Indonesia",
        "Kearsipan dinamis, SRIKANDI",
        ("kearsipan",),
    ),
    TrainerSpec(
        "Taufik Hidayat, S.H., M.H.",
        "Ombudsman RI Perwakilan Jambi",
        "Standar pelayanan, pengelolaan pengaduan",
        ("pelayanan", "hukum"),
    ),
    TrainerSpec(
        "Yudi Permana, Ak., M.Ak., CFrA",
        "BPKP Perwakilan Provinsi Jambi",
        "Audit kinerja, manajemen risiko",
        ("pengawasan", "keuangan"),
    ),
    TrainerSpec(
        "Prof. Dr. Mahdi Syahputra, S.E., M.Si.",
        "Universitas Jambi",
        "Analisis kebijakan, statistik",
        ("analisis", "perencanaan"),
    ),
    TrainerSpec(
        "Dr. Novita Sari, M.Kom.", "Universitas Muara Bungo", "Transformasi digital, keamanan informasi", ("tik",)
    ),
    TrainerSpec("Arif Budiman, S.Kom., M.T.I.", "Diskominfo Provinsi Jambi", "SPBE, satu data", ("tik", "analisis")),
    TrainerSpec(
        "Ratna Dewi, S.Psi., M.Psi., Psikolog",
        "Biro Psikologi Insan Mandiri Jambi",
        "Komunikasi, kerja sama tim, coaching",
        ("manajerial", "pelayanan"),
    ),
    TrainerSpec("Ir. Syafrudin, M.P.", "BPTP Provinsi Jambi", "Penyuluhan pertanian, perkebunan", ("lapangan",)),
    TrainerSpec(
        "Kompol (Purn.) Darmawan, S.H.",
        "Satpol PP Provinsi Jambi",
        "Penegakan perda, ketertiban umum",
        ("lapangan", "hukum"),
    ),
    TrainerSpec(
        "Lestari Handayani, S.Si., M.Sc.",
        "DPMPTSP Provinsi Jambi",
        "OSS berbasis risiko, perizinan",
        ("perizinan", "pelayanan"),
    ),
    TrainerSpec(
        "Hasanuddin, S.Kom.",
        "Ditjen Dukcapil Kemendagri",
        "SIAK terpusat, identitas kependudukan digital",
        ("adminduk", "tik"),
    ),
)
# Positions of regency employees who also teach, each with the themes they teach (by NIP order).
EMPLOYEE_TRAINERS = (
    ("widyaiswara", ("manajerial", "kepemimpinan", "sosial-kultural")),
    ("analis_sdm_am", ("manajerial", "hukum")),
    ("dokter_spesialis", ("kesehatan",)),
    ("perawat_am", ("kesehatan",)),
    ("auditor_amd", ("pengawasan", "keuangan")),
    ("perencana_am", ("perencanaan", "analisis")),
    ("pranata_komputer_am", ("tik",)),
    ("pengawas_sekolah", ("pendidikan",)),
    ("arsiparis_t", ("kearsipan",)),
    ("analis_kebijakan_am", ("analisis", "pemerintahan")),
)
EXPERTISE = {
    "manajerial": "Kompetensi manajerial",
    "kepemimpinan": "Kepemimpinan",
    "sosial-kultural": "Wawasan kebangsaan",
    "kesehatan": "Pelayanan kesehatan",
    "pengawasan": "Pengawasan internal",
    "keuangan": "Keuangan daerah",
    "perencanaan": "Perencanaan kinerja",
    "analisis": "Analisis kebijakan",
    "tik": "Teknologi informasi",
    "pendidikan": "Pembelajaran",
    "kearsipan": "Kearsipan",
    "pemerintahan": "Pemerintahan daerah",
    "hukum": "Hukum dan kepegawaian",
}

# Session topics by theme: the core material between the opening and the closing.
TOPICS = {
    "kesehatan": (
        "Kebijakan pelayanan kesehatan primer",
        "Standar operasional prosedur pelayanan",
        "Dokumentasi asuhan dan rekam medis",
        "Alur pasien dan manajemen antrean",
        "Komunikasi dengan pasien dan keluarga",
        "Praktik lapangan di puskesmas",
    ),
    "pendidikan": (
        "Kurikulum Merdeka dan capaian pembelajaran",
        "Pemetaan kebutuhan belajar murid",
        "Strategi pembelajaran berdiferensiasi",
        "Asesmen formatif dan umpan balik",
        "Penyusunan modul ajar",
        "Praktik mengajar dan refleksi",
    ),
    "perizinan": (
        "Regulasi perizinan berusaha berbasis risiko",
        "Sistem OSS dan alur permohonan",
        "Standar waktu dan persyaratan izin",
        "Verifikasi teknis dan pengawasan",
        "Studi kasus permohonan izin",
    ),
    "adminduk": (
        "Kebijakan administrasi kependudukan",
        "Aplikasi SIAK terpusat",
        "Validasi dan pemutakhiran data",
        "Layanan identitas kependudukan digital",
        "Simulasi pelayanan dokumen",
    ),
    "pelayanan": (
        "Standar pelayanan dan maklumat pelayanan",
        "Budaya pelayanan prima",
        "Komunikasi dan etika pelayanan",
        "Pengelolaan pengaduan masyarakat",
        "Survei kepuasan masyarakat dan tindak lanjutnya",
        "Inovasi pelayanan publik",
    ),
    "kearsipan": (
        "Kebijakan kearsipan nasional",
        "Klasifikasi dan penataan arsip dinamis",
        "Aplikasi SRIKANDI",
        "Penyusutan dan retensi arsip",
        "Praktik penataan arsip",
    ),
    "keuangan": (
        "Siklus pengelolaan keuangan daerah",
        "Penatausahaan dan pertanggungjawaban",
        "Aplikasi SIPD",
        "Pengendalian anggaran",
        "Studi kasus temuan pemeriksaan",
    ),
    "perencanaan": (
        "Perencanaan dan penganggaran berbasis kinerja",
        "Penyusunan indikator kinerja",
        "Rencana aksi dan pemantauan",
        "Laporan kinerja instansi",
        "Evaluasi program",
    ),
    "pengawasan": (
        "Standar audit intern pemerintah",
        "Manajemen risiko",
        "Teknik pengumpulan bukti",
        "Penyusunan laporan hasil pengawasan",
        "Studi kasus pengawasan",
    ),
    "analisis": (
        "Siklus kebijakan publik",
        "Pengumpulan dan analisis data",
        "Penulisan telaahan staf dan policy brief",
        "Advokasi rekomendasi",
        "Presentasi hasil kajian",
    ),
    "manajerial": (
        "Mengenali diri dan gaya kerja",
        "Komunikasi efektif di tempat kerja",
        "Kerja sama dan kolaborasi tim",
        "Pengambilan keputusan",
        "Mengelola perubahan",
        "Rencana pengembangan diri",
    ),
    "kepemimpinan": (
        "Kepemimpinan pelayanan",
        "Manajemen kinerja tim",
        "Coaching dan mentoring bagi pemimpin",
        "Inovasi dan proyek perubahan",
        "Benchmarking praktik baik",
        "Seminar rancangan proyek perubahan",
    ),
    "sosial-kultural": (
        "Nilai dasar BerAKHLAK",
        "Wawasan kebangsaan dan bela negara",
        "Keberagaman dan harmoni sosial",
        "Netralitas dan integritas ASN",
        "Aktualisasi nilai dalam tugas",
    ),
    "pemerintahan": (
        "Desentralisasi dan otonomi daerah",
        "Urusan pemerintahan konkuren",
        "Tata kelola pemerintahan kecamatan dan desa",
        "Hubungan eksekutif dan legislatif",
        "Etika pemerintahan",
    ),
    "tik": (
        "Arsitektur SPBE daerah",
        "Keamanan informasi",
        "Pengelolaan data dan satu data",
        "Praktik aplikasi",
        "Layanan digital pemerintah",
    ),
    "hukum": (
        "Kerangka regulasi",
        "Teknik penyusunan dokumen",
        "Studi kasus",
        "Simulasi dan praktik",
    ),
    "lapangan": (
        "Kebijakan dan regulasi teknis",
        "Standar teknis lapangan",
        "Peralatan dan keselamatan kerja",
        "Praktik lapangan",
        "Koordinasi lintas sektor",
    ),
}
OPENING = "Pembukaan, kebijakan program dan pre-test"
CLOSING = "Rencana tindak lanjut, post-test dan penutupan"
