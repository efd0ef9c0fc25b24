"""The OPD table of Kabupaten Bungo for the demo (see ``bungo.py`` for the notation)."""

from backend.people.choices import OrgUnitKind as K
from backend.people.demo.bungo import UnitSpec, kecamatan_units, opd, puskesmas_units, school_units

_SETDA = """
    Bagian Tata Pemerintahan
    Bagian Hukum: perancang_perundangan analis_hukum
    Bagian Organisasi
    Bagian Perekonomian dan Sumber Daya Alam
    Bagian Kesejahteraan Rakyat
    Bagian Pengadaan Barang dan Jasa: pengelola_pbj=3
    Bagian Umum
    Bagian Protokol dan Komunikasi Pimpinan: humas
    Bagian Perencanaan dan Keuangan: analis_keuangan
"""
_SETWAN = """
    Bagian Umum dan Keuangan: analis_keuangan=1
    Bagian Persidangan dan Perundang-undangan: perancang_perundangan=1
    Bagian Fasilitasi Penganggaran dan Pengawasan
"""
_BKPSDM = """
    Sekretariat
    Bidang Pengadaan, Pemberhentian dan Informasi: pranata_komputer_ap
    Bidang Mutasi dan Promosi
    Bidang Pengembangan Kompetensi Aparatur: widyaiswara=1.5
    Bidang Penilaian Kinerja Aparatur dan Penghargaan: asesor_sdm=1
"""
_DIKBUD = """
    Sekretariat
    Bidang Pembinaan Sekolah Dasar: pengawas_sekolah=3
    Bidang Pembinaan Sekolah Menengah Pertama: pengawas_sekolah=3
    Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal: penilik=3
    Bidang Guru dan Tenaga Kependidikan: analis_sdm_ap
    Bidang Kebudayaan: pamong_budaya=3
"""
_DINKES = """
    Sekretariat
    Bidang Kesehatan Masyarakat: penyuluh_kesehatan=3 nutrisionis
    Bidang Pencegahan dan Pengendalian Penyakit: epidemiolog=3 sanitarian
    Bidang Pelayanan dan Sumber Daya Kesehatan: adminkes=3 apoteker
    UPTD Instalasi Farmasi: apoteker ttk=3
    UPTD Laboratorium Kesehatan Daerah: pranata_labkes=4
"""
# A hospital is mostly clinical staff: the specialists outweigh the office profile.
_RSUD = """
    Bagian Tata Usaha @6
    Bidang Pelayanan Medik @25: dokter_ap=10 dokter_am=5 dokter_spesialis=10 dokter_gigi perekam_medis=6 fisioterapis=3
    Bidang Keperawatan @45: perawat_t=30 perawat_m=10 perawat_ap=14 perawat_am=4 bidan_t=10 bidan_m=3 bidan_ap=2
    Bidang Penunjang @20: apoteker=4 ttk=8 pranata_labkes=8 nutrisionis=4 sanitarian=3 radiografer=3 teknisi=3
"""

DINAS, BADAN = K.DINAS, K.BADAN

OPDS: tuple[UnitSpec, ...] = (
    opd("setda", "Sekretariat Daerah", K.SEKRETARIAT, _SETDA, head="sekda", tier=0, profile="pimpinan", weight=1.5),
    opd("setwan", "Sekretariat DPRD", K.SEKRETARIAT, _SETWAN, head="sekwan"),
    opd(
        "inspektorat",
        "Inspektorat Daerah",
        K.INSPEKTORAT,
        "Sekretariat\n" + "\n".join(f"Inspektur Pembantu Wilayah {n}" for n in ("I", "II", "III", "IV")),
        field="keuangan",
        specialists="auditor_ap=3 auditor_am=2 auditor_amd=1 p2upd",
    ),
    opd(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        BADAN,
        """
        Sekretariat
        Bidang Pemerintahan dan Pembangunan Manusia
        Bidang Perekonomian dan Sumber Daya Alam
        Bidang Infrastruktur dan Kewilayahan
        Bidang Penelitian dan Pengembangan
        """,
        specialists="perencana_ap=3 perencana_am statistisi=1",
    ),
    opd(
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        BADAN,
        _BKPSDM,
        field="sdm",
        specialists="analis_sdm_ap=3 analis_sdm_am",
        key=True,
        competency_agency=True,
    ),
    opd(
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        BADAN,
        "Sekretariat\nBidang Anggaran\nBidang Perbendaharaan\nBidang Akuntansi\nBidang Aset",
        field="keuangan",
        specialists="analis_keuangan=4",
        scale=1.2,
    ),
    opd(
        "bp2rd",
        "Badan Pengelola Pajak dan Retribusi Daerah",
        BADAN,
        "Sekretariat\nBidang Pendaftaran dan Penetapan\nBidang Penagihan dan Keberatan\nBidang Pengembangan",
        field="keuangan",
        specialists="analis_keuangan",
    ),
    opd("dikbud", "Dinas Pendidikan dan Kebudayaan", DINAS, _DIKBUD, field="pendidikan", key=True, more=school_units()),
    opd("dinkes", "Dinas Kesehatan", DINAS, _DINKES, field="kesehatan", key=True, more=puskesmas_units()),
    opd("rsud-hanafie", "RSUD H. Hanafie Muara Bungo", K.RSUD, _RSUD, field="kesehatan", key=True),
    opd(
        "disnakertrans",
        "Dinas Tenaga Kerja dan Transmigrasi",
        DINAS,
        "Sekretariat\nBidang Pelatihan dan Penempatan Tenaga Kerja\nBidang Hubungan Industrial\nBidang Transmigrasi",
        specialists="mediator_hi pengantar_kerja psm=1",
    ),
    opd(
        "dpmd",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        DINAS,
        "Sekretariat\nBidang Pemerintahan Desa\nBidang Pemberdayaan Masyarakat Desa\nBidang Pembangunan Desa",
        field="pemerintahan",
        specialists="psm=3",
    ),
    opd(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        DINAS,
        "Sekretariat\nBidang Penanaman Modal\nBidang Pelayanan Perizinan\nBidang Pengaduan dan Informasi",
        specialists="penata_perizinan=3",
    ),
    opd(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        DINAS,
        """
        Sekretariat
        Bidang Pelayanan Pendaftaran Penduduk
        Bidang Pelayanan Pencatatan Sipil
        Bidang Pengelolaan Informasi Administrasi Kependudukan
        Bidang Pemanfaatan Data dan Inovasi Pelayanan
        """,
        specialists="adminduk=2 operator_lo=2",
        scale=1.3,
    ),
    opd(
        "dinsos",
        "Dinas Sosial",
        DINAS,
        "Sekretariat\nBidang Rehabilitasi Sosial\nBidang Perlindungan dan Jaminan Sosial\nBidang Pemberdayaan Sosial",
        field="sosial",
        specialists="pekerja_sosial=3 penyuluh_sosial",
    ),
    opd(
        "pupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        DINAS,
        """
        Sekretariat
        Bidang Bina Marga: teknik_jalan=3
        Bidang Sumber Daya Air: teknik_pengairan=3
        Bidang Cipta Karya
        Bidang Penataan Ruang: penata_ruang=3
        UPTD Peralatan dan Perbengkelan
        """,
        field="teknik",
        specialists="teknisi=3",
        scale=1.5,
    ),
    opd(
        "perkim",
        "Dinas Perumahan dan Kawasan Permukiman",
        DINAS,
        "Sekretariat\nBidang Perumahan\nBidang Kawasan Permukiman\nBidang Pertanahan",
        field="teknik",
        specialists="teknik_bangunan=3",
    ),
    opd(
        "dishub",
        "Dinas Perhubungan",
        DINAS,
        "Sekretariat\nBidang Lalu Lintas dan Angkutan\nBidang Sarana dan Prasarana\n"
        "UPTD Pengujian Kendaraan Bermotor: penguji_kendaraan=4",
        field="teknik",
        specialists="teknisi",
    ),
    opd(
        "dlh",
        "Dinas Lingkungan Hidup",
        DINAS,
        """
        Sekretariat
        Bidang Tata Lingkungan
        Bidang Pengelolaan Sampah dan Limbah B3
        Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan
        UPTD Pengelolaan Sampah: operator_lo=4
        """,
        field="lingkungan",
        specialists="pengendali_dampak=3",
    ),
    opd(
        "satpolpp",
        "Satuan Polisi Pamong Praja",
        K.SATUAN,
        """
        Sekretariat
        Bidang Penegakan Peraturan Daerah
        Bidang Ketertiban Umum dan Ketenteraman Masyarakat
        Bidang Perlindungan Masyarakat
        Bidang Pemadam Kebakaran dan Penyelamatan: damkar=4
        """,
        field="pemerintahan",
        specialists="polpp_t=6 polpp_ap=1",
        scale=2,
    ),
    opd(
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        BADAN,
        "Sekretariat\nBidang Pencegahan dan Kesiapsiagaan\nBidang Kedaruratan dan Logistik\nBidang Rehabilitasi",
        specialists="analis_bencana=3 teknisi=1",
    ),
    opd(
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        BADAN,
        "Sekretariat\nBidang Ideologi dan Wawasan Kebangsaan\nBidang Politik Dalam Negeri\nBidang Ketahanan Ekonomi",
        specialists="analis_kebijakan_ap",
    ),
    opd(
        "distan",
        "Dinas Pertanian",
        DINAS,
        """
        Sekretariat
        Bidang Tanaman Pangan: popt=2
        Bidang Hortikultura
        Bidang Peternakan dan Kesehatan Hewan: medik_veteriner=2 paramedik_veteriner=3
        Bidang Penyuluhan: penyuluh_pertanian_ap=5 penyuluh_pertanian_t=5
        """,
        field="pertanian",
        specialists="penyuluh_pertanian_ap=2",
        scale=1.5,
    ),
    opd(
        "disbun",
        "Dinas Perkebunan",
        DINAS,
        "Sekretariat\nBidang Produksi Perkebunan\nBidang Pengolahan dan Pemasaran\nBidang Perlindungan Perkebunan",
        field="pertanian",
        specialists="pengawas_perkebunan popt",
    ),
    opd(
        "dkp",
        "Dinas Ketahanan Pangan",
        DINAS,
        "Sekretariat\nBidang Ketersediaan dan Distribusi Pangan\nBidang Konsumsi dan Keamanan Pangan",
        field="pertanian",
        specialists="analis_pangan=3",
    ),
    opd(
        "diskan",
        "Dinas Perikanan",
        DINAS,
        "Sekretariat\nBidang Perikanan Budidaya\nBidang Pengolahan dan Pemasaran Hasil Perikanan",
        field="perikanan",
        specialists="pengawas_perikanan=3",
    ),
    opd(
        "diskominfo",
        "Dinas Komunikasi dan Informatika",
        DINAS,
        """
        Sekretariat
        Bidang Informasi dan Komunikasi Publik: humas=3
        Bidang Aplikasi Informatika: pranata_komputer_am=1
        Bidang Statistik dan Persandian: statistisi sandiman
        """,
        field="it",
        specialists="pranata_komputer_ap=3 pranata_komputer_t",
    ),
    opd(
        "disperindag",
        "Dinas Perindustrian dan Perdagangan",
        DINAS,
        "Sekretariat\nBidang Perdagangan\nBidang Perindustrian",
        field="ekonomi",
        specialists="pengawas_perdagangan=3",
    ),
    opd(
        "diskopukm",
        "Dinas Koperasi dan Usaha Mikro",
        DINAS,
        "Sekretariat\nBidang Koperasi\nBidang Usaha Mikro",
        field="ekonomi",
        specialists="penyuluh_koperasi=3",
    ),
    opd(
        "disparpora",
        "Dinas Pariwisata, Pemuda dan Olahraga",
        DINAS,
        "Sekretariat\nBidang Pariwisata: adyatama_pariwisata=3\nBidang Kepemudaan\nBidang Keolahragaan",
    ),
    opd(
        "dispusip",
        "Dinas Perpustakaan dan Kearsipan",
        DINAS,
        "Sekretariat\nBidang Perpustakaan: pustakawan_ap=2 pustakawan_t=3\nBidang Kearsipan: arsiparis_t=4",
    ),
    opd(
        "dppkbp3a",
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak",
        DINAS,
        "Sekretariat\nBidang Pengendalian Penduduk dan Keluarga Berencana: penyuluh_kb=5\n"
        "Bidang Pemberdayaan Perempuan dan Perlindungan Anak",
        field="sosial",
    ),
    *kecamatan_units(),
)
