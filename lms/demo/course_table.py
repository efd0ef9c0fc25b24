"""The demo catalog as a sheet: two lines per course (the notation is described in ``courses.py``)."""

TABLE = """
# Health: clinical staff of puskesmas and the hospital
askep-dokumentasi | teknis 32 | kesehatan | rekam-medis pasien-sop:0.5 | asuhan-keperawatan rekam-medis
    Pelatihan Dokumentasi Asuhan Keperawatan | by:bapelkes @dinkes
rme | teknis 24 | kesehatan | rekam-medis | rekam-medis
    Pelatihan Rekam Medis Elektronik | by:dinkes @dinkes
waktu-tunggu | workshop 16 | kesehatan | waktu-tunggu ikm-unit:0.3 | manajemen-yankes
    Manajemen Waktu Tunggu Pasien | by:dinkes @dinkes
triase | teknis 24 | kesehatan | waktu-tunggu:0.7 pasien-sop:0.5 | manajemen-yankes
    Pelatihan Alur Pelayanan dan Triase Pasien | by:rsud @rsud-hanafie
ppi-dasar | teknis 40 | kesehatan | pasien-sop:0.8 | keselamatan-pasien
    Pelatihan Pencegahan dan Pengendalian Infeksi (PPI) Dasar | by:rsud @rsud-hanafie units:rsud-hanafie
bls | teknis 24 | kesehatan | pasien-sop:0.6 | keselamatan-pasien
    Pelatihan Bantuan Hidup Dasar (Basic Life Support) | by:rsud @rsud-hanafie
poned | fungsional 40 | kesehatan | pasien-sop:0.7 | asuhan-keperawatan
    Pelatihan Pelayanan Obstetri Neonatal Emergensi Dasar (PONED) | by:bapelkes @dinkes approval
manajemen-puskesmas | manajerial 40 | kesehatan | capaian-unit:0.8 rencana-aksi:0.5 | manajemen-yankes orientasi-hasil
    Pelatihan Manajemen Puskesmas | by:bapelkes @dinkes approval
simpus | bimtek 16 | kesehatan | rekam-medis:0.8 kunjungan:0.4 | rekam-medis spbe
    Bimtek Sistem Informasi Manajemen Puskesmas (SIMPUS) | by:dinkes @dinkes
komunikasi-nakes | teknis 16 | kesehatan | ikm-unit:0.6 waktu-tunggu:0.3 | komunikasi manajemen-yankes
    Pelatihan Komunikasi Efektif bagi Tenaga Kesehatan | by:dinkes @dinkes
farmasi-puskesmas | fungsional 24 | kesehatan | pasien-sop:0.6 | manajemen-yankes
    Pelatihan Pelayanan Kefarmasian di Puskesmas | by:bapelkes @dinkes
keselamatan-pasien | teknis 24 | kesehatan | pasien-sop:0.8 rekam-medis:0.3 | keselamatan-pasien
    Pelatihan Keselamatan Pasien (Patient Safety) | by:rsud @rsud-hanafie
icd | teknis 32 | kesehatan | rekam-medis:0.9 | rekam-medis
    Pelatihan Kodefikasi Penyakit ICD-10 dan ICD-9-CM | by:bapelkes @dinkes
gizi-buruk | teknis 24 | kesehatan | pasien-sop:0.5 kunjungan:0.3 | asuhan-keperawatan
    Pelatihan Tata Laksana Gizi Buruk dan Stunting | by:dinkes @dinkes
surveilans | teknis 32 | kesehatan | kunjungan:0.3 kajian:0.4 | data-statistik manajemen-yankes
    Pelatihan Surveilans Epidemiologi Penyakit Menular | by:bapelkes @dinkes
akreditasi-puskesmas | seminar 8 | kesehatan | capaian-unit:0.5 pasien-sop:0.4 | manajemen-yankes
    Seminar Persiapan Akreditasi Puskesmas | by:dinkes @dinkes
plataran-primer | e_learning 20 | kesehatan | kunjungan:0.5 pasien-sop:0.4 | manajemen-yankes
    E-learning Pelayanan Kesehatan Primer | by:kemenkes @dinkes
apn | fungsional 40 | kesehatan | pasien-sop:0.7 | asuhan-keperawatan
    Pelatihan Asuhan Persalinan Normal (APN) | by:bapelkes @dinkes approval
imunisasi | teknis 24 | kesehatan | kunjungan:0.6 | asuhan-keperawatan
    Pelatihan Imunisasi bagi Petugas Puskesmas | by:dinkes @dinkes
keluhan-pasien | workshop 12 | pelayanan | ikm-unit:0.8 | pelayanan-publik komunikasi
    Workshop Penanganan Keluhan Pasien | by:rsud @rsud-hanafie
antrean-rawat-jalan | teknis 24 | kesehatan | waktu-tunggu | manajemen-yankes
    Pelatihan Manajemen Antrean Rawat Jalan | by:rsud @rsud-hanafie
hospital-disaster | teknis 24 | kesehatan | pasien-sop:0.3 | kebencanaan keselamatan-pasien
    Pelatihan Rencana Penanggulangan Bencana Rumah Sakit | by:rsud @rsud-hanafie
coaching-klinis | coaching 12 | kesehatan | pasien-sop:0.6 rekam-medis:0.4 | asuhan-keperawatan pengembangan-diri
    Coaching Klinis Perawat Pelaksana | by:rsud @rsud-hanafie
mentoring-bidan | mentoring 12 | kesehatan | pasien-sop:0.6 | asuhan-keperawatan
    Mentoring Bidan Praktik di Puskesmas | by:dinkes @dinkes
otj-rekam-medis | on_the_job 12 | kesehatan | rekam-medis:0.8 | rekam-medis
    Bimbingan di Tempat Kerja Perekam Medis | by:rsud @rsud-hanafie
detasering-perawat | detasering 40 | kesehatan | pasien-sop:0.6 | asuhan-keperawatan
    Detasering Perawat ke RSUD Raden Mattaher Jambi | by:rsud @rsud-hanafie approval

# Education: teachers and heads of school
diferensiasi | teknis 32 | pendidikan | tuntas-kkm rpp:0.4 | pembelajaran
    Pelatihan Pembelajaran Berdiferensiasi | by:bpmp @dikbud
asesmen | teknis 24 | pendidikan | tuntas-kkm:0.8 | asesmen-pembelajaran
    Pelatihan Asesmen Formatif dan Sumatif | by:bpmp @dikbud
modul-ajar | teknis 24 | pendidikan | rpp | pembelajaran
    Pelatihan Penyusunan Modul Ajar Kurikulum Merdeka | by:dikbud @dikbud
p5 | workshop 20 | pendidikan | rpp:0.5 tuntas-kkm:0.4 | pembelajaran perekat-bangsa
    Workshop Projek Penguatan Profil Pelajar Pancasila | by:dikbud @dikbud
literasi-numerasi | teknis 32 | pendidikan | tuntas-kkm:0.9 | pembelajaran
    Pelatihan Literasi dan Numerasi | by:bpmp @dikbud
pembelajaran-tik | teknis 24 | pendidikan | tuntas-kkm:0.5 rpp:0.5 | pembelajaran spbe
    Pelatihan Pembelajaran Berbasis TIK | by:dikbud @dikbud
merdeka-mengajar | bimtek 12 | pendidikan | rpp:0.6 | pembelajaran
    Bimtek Pemanfaatan Platform Merdeka Mengajar | by:dikbud @dikbud
elearning-kurmer | e_learning 20 | pendidikan | rpp:0.6 tuntas-kkm:0.4 | pembelajaran
    E-learning Kurikulum Merdeka | by:kemendik @dikbud
kepsek-kepemimpinan | manajerial 40 | kepemimpinan | capaian-unit:0.8 | manajemen-sekolah orientasi-hasil
    Pelatihan Kepemimpinan Pembelajaran bagi Kepala Sekolah | by:bpmp @dikbud approval
dana-bos | teknis 24 | keuangan | anggaran-unit:0.9 | manajemen-sekolah keuangan-aset
    Pelatihan Pengelolaan Dana BOS | by:dikbud @dikbud
bk | fungsional 24 | pendidikan | tuntas-kkm:0.5 | pembelajaran
    Pelatihan Bimbingan dan Konseling di Sekolah | by:bpmp @dikbud
inklusif | seminar 8 | pendidikan | tuntas-kkm:0.4 | pembelajaran perekat-bangsa
    Seminar Pendidikan Inklusif | by:dikbud @dikbud
pkg | teknis 16 | pendidikan | jam-mengajar:0.4 rpp:0.4 | manajemen-sekolah
    Pelatihan Penilaian Kinerja Guru | by:dikbud @dikbud
coaching-guru | coaching 16 | pendidikan | tuntas-kkm:0.6 | pembelajaran pengembangan-diri
    Coaching Guru Penggerak | by:bpmp @dikbud after:diferensiasi
supervisi-akademik | fungsional 32 | pendidikan | rekomendasi:0.6 capaian-unit:0.4 | manajemen-sekolah
    Pelatihan Supervisi Akademik bagi Pengawas dan Kepala Sekolah | by:bpmp @dikbud
perpustakaan-sekolah | teknis 24 | kearsipan | dokumen:0.3 | kearsipan
    Pelatihan Pengelolaan Perpustakaan Sekolah | by:dikbud @dikbud
kombel | community 12 | pendidikan | tuntas-kkm:0.4 rpp:0.3 | pembelajaran pengembangan-diri
    Komunitas Belajar Guru (Kombel) | by:dikbud @dikbud
sekolah-ramah-anak | sosialisasi 4 | pendidikan | tuntas-kkm:0.2 | pembelajaran perekat-bangsa
    Sosialisasi Sekolah Ramah Anak | by:dikbud @dikbud
kelas-rangkap | teknis 24 | pendidikan | tuntas-kkm:0.6 jam-mengajar:0.3 | pembelajaran
    Pelatihan Pembelajaran Kelas Rangkap | by:bpmp @dikbud

# Permits (DPMPTSP)
oss-rba | bimtek 24 | perizinan | hari-izin izin-tepat:0.8 | perizinan
    Bimtek Penyusunan Perizinan Berusaha Berbasis Risiko (OSS-RBA)
standar-perizinan | teknis 24 | perizinan | izin-tepat:0.9 hari-izin:0.6 | perizinan pelayanan-publik
    Pelatihan Standar Pelayanan Perizinan
pbg-simbg | bimtek 16 | perizinan | hari-izin:0.7 izin-proses:0.5 | perizinan
    Bimtek Persetujuan Bangunan Gedung (PBG) dan SIMBG
mpp | workshop 12 | pelayanan | ikm-unit:0.6 izin-tepat:0.4 | pelayanan-publik perizinan
    Workshop Mal Pelayanan Publik
pengawasan-pm | teknis 24 | perizinan | izin-proses:0.5 | perizinan
    Pelatihan Pengawasan Penanaman Modal
benchmark-perizinan | benchmarking 16 | perizinan | hari-izin:0.5 izin-tepat:0.5 | perizinan mengelola-perubahan
    Benchmarking Pelayanan Perizinan ke DPMPTSP Kota Jambi | approval

# Civil registry (Dukcapil)
siak | bimtek 24 | adminduk | dok-adminduk:0.7 data-valid:0.8 | administrasi-kependudukan spbe
    Bimtek SIAK Terpusat | by:dukcapil
ikd | teknis 16 | adminduk | adminduk-tepat:0.7 dok-adminduk:0.5 | administrasi-kependudukan
    Pelatihan Layanan Identitas Kependudukan Digital (IKD) | by:dukcapil
validasi-data-penduduk | teknis 24 | adminduk | data-valid | administrasi-kependudukan data-statistik
    Pelatihan Pemutakhiran dan Validasi Data Kependudukan
jemput-bola | sosialisasi 8 | adminduk | adminduk-tepat:0.6 | administrasi-kependudukan pelayanan-publik
    Sosialisasi Layanan Adminduk Jemput Bola

# Front offices: kecamatan and service units
pelayanan-prima | teknis 24 | pelayanan | layanan-tepat:0.8 ikm-unit | pelayanan-publik komunikasi
    Pelatihan Pelayanan Prima | approval
standar-pelayanan | teknis 16 | pelayanan | layanan-tepat:0.7 ikm-unit:0.6 | pelayanan-publik
    Pelatihan Standar Pelayanan Publik dan Maklumat Pelayanan | by:ombudsman
pengaduan | teknis 16 | pelayanan | ikm-unit:0.8 | pelayanan-publik komunikasi
    Pelatihan Pengelolaan Pengaduan Masyarakat (SP4N-LAPOR!) | by:ombudsman
skm | workshop 12 | pelayanan | ikm-unit:0.7 | pelayanan-publik data-statistik
    Workshop Survei Kepuasan Masyarakat
adm-kecamatan | teknis 32 | pemerintahan | layanan-tepat:0.6 jml-layanan:0.4 | pemerintahan-umum pelayanan-administrasi
    Pelatihan Administrasi Pemerintahan Kecamatan | by:kemendagri
paten | bimtek 16 | pelayanan | layanan-tepat:0.9 | pelayanan-administrasi
    Bimtek Pelayanan Administrasi Terpadu Kecamatan (PATEN)
etika-pelayanan | teknis 12 | pelayanan | ikm-unit:0.5 | pelayanan-publik integritas
    Pelatihan Etika Pelayanan Publik
coaching-loket | coaching 8 | pelayanan | ikm-unit:0.5 layanan-tepat:0.5 | pelayanan-publik
    Coaching Pelayanan Prima di Loket
pjj-pelayanan | distance 16 | pelayanan | layanan-tepat:0.6 | pelayanan-publik
    Pelatihan Jarak Jauh Pelayanan Publik | by:lan
inovasi-pelayanan | workshop 16 | pelayanan | ikm-unit:0.5 layanan-tepat:0.4 | pelayanan-publik mengelola-perubahan
    Workshop Inovasi Pelayanan Publik
benchmark-mpp | benchmarking 16 | pelayanan | ikm-unit:0.4 | pelayanan-publik mengelola-perubahan
    Benchmarking Mal Pelayanan Publik Kota Padang | approval
pertukaran-opd | exchange 40 | pelayanan | layanan-tepat:0.4 | pelayanan-publik kerjasama
    Pertukaran Pegawai Antar-OPD Pelayanan | approval
elearning-pelanggan | e_learning 12 | pelayanan | ikm-unit:0.4 | pelayanan-publik
    E-learning Pelayanan Publik Berorientasi Pelanggan | by:lan
sop | workshop 16 | pelayanan | layanan-tepat:0.5 pasien-sop:0.3 | pelayanan-administrasi
    Workshop Penyusunan Standar Operasional Prosedur (SOP)

# Administration: records, correspondence, finance
arsip-dinamis | teknis 32 | kearsipan | arsip | kearsipan
    Pelatihan Kearsipan Dinamis | by:anri
srikandi | bimtek 16 | kearsipan | arsip:0.7 surat-tepat:0.6 | kearsipan spbe
    Bimtek Aplikasi SRIKANDI | by:anri
tata-naskah | teknis 24 | kearsipan | surat-tepat dokumen:0.4 | tata-naskah
    Pelatihan Tata Naskah Dinas
arsip-inaktif | teknis 24 | kearsipan | arsip:0.9 | kearsipan
    Pelatihan Pengelolaan Arsip Inaktif dan Penyusutan Arsip | by:anri after:arsip-dinamis
perkantoran-digital | teknis 24 | tik | dokumen:0.7 surat-tepat:0.5 | tata-naskah spbe
    Pelatihan Administrasi Perkantoran Digital
excel | teknis 16 | tik | dokumen:0.5 kajian:0.3 | data-statistik
    Pelatihan Microsoft Excel untuk Pengolahan Data
manajemen-waktu | manajerial 12 | manajerial | surat-tepat:0.5 rencana-aksi:0.3 | orientasi-hasil
    Pelatihan Manajemen Waktu dan Produktivitas Kerja
elearning-persuratan | e_learning 10 | kearsipan | surat-tepat:0.6 | tata-naskah
    E-learning Tata Kelola Persuratan Dinas | by:anri
bmd | teknis 24 | keuangan | dokumen:0.4 anggaran-unit:0.3 | keuangan-aset
    Pelatihan Pengelolaan Barang Milik Daerah
sipd | teknis 32 | keuangan | anggaran-unit:0.8 dokumen:0.3 | pengelolaan-keuangan-daerah keuangan-aset
    Pelatihan Penatausahaan Keuangan Daerah dengan SIPD | by:kemendagri
pjj-arsip | distance 24 | kearsipan | arsip:0.8 | kearsipan
    Pelatihan Jarak Jauh Manajemen Kearsipan | by:anri
magang-arsip | internship 40 | kearsipan | arsip:0.8 | kearsipan
    Magang Pengelolaan Arsip di Dinas Perpustakaan dan Kearsipan Provinsi Jambi | approval
komunitas-arsiparis | community 8 | kearsipan | arsip:0.4 | kearsipan pengembangan-diri
    Komunitas Praktisi Arsiparis Kabupaten Bungo
bendahara | penataran 24 | keuangan | anggaran-unit:0.5 dokumen:0.3 | keuangan-aset
    Penataran Bendahara Pengeluaran Perangkat Daerah
akrual | workshop 16 | keuangan | anggaran-unit:0.6 | keuangan-aset
    Workshop Penyusunan Laporan Keuangan Berbasis Akrual | by:bpkp
pajak-daerah | teknis 24 | keuangan | kegiatan:0.4 anggaran-unit:0.3 | pengelolaan-keuangan-daerah
    Pelatihan Pengelolaan Pajak Daerah dan Retribusi

# Specialists: analysis, planning, oversight, procurement
analisis-kebijakan | fungsional 40 | analisis | kajian:0.8 rekomendasi:0.6 | analisis-kebijakan
    Pelatihan Analisis Kebijakan Publik | by:lan approval
policy-brief | teknis 24 | analisis | kajian | analisis-kebijakan komunikasi
    Pelatihan Penulisan Telaahan Staf dan Policy Brief
audit-kinerja | fungsional 40 | pengawasan | rekomendasi:0.9 | pengawasan-internal
    Pelatihan Audit Kinerja | by:bpkp after:reviu-lk
reviu-lk | teknis 32 | pengawasan | rekomendasi:0.8 | pengawasan-internal keuangan-aset
    Pelatihan Pengawasan Internal dan Reviu Laporan Keuangan | by:bpkp
manajemen-risiko | teknis 24 | pengawasan | rekomendasi:0.5 kegiatan:0.4 | pengawasan-internal pengambilan-keputusan
    Pelatihan Manajemen Risiko Sektor Publik | by:bpkp
penganggaran-kinerja | teknis 32 | perencanaan | kegiatan:0.8 anggaran-unit:0.6 | perencanaan-kinerja
    Pelatihan Perencanaan dan Penganggaran Berbasis Kinerja
monev | teknis 24 | perencanaan | kegiatan:0.8 rencana-aksi:0.5 | perencanaan-kinerja
    Pelatihan Monitoring dan Evaluasi Program
statistik | teknis 32 | analisis | kajian:0.7 | data-statistik
    Pelatihan Statistik dan Analisis Data
produk-hukum | teknis 32 | hukum | kajian:0.6 | hukum
    Pelatihan Penyusunan Produk Hukum Daerah | by:kemendagri
anjab-abk | teknis 24 | hukum | kajian:0.5 | manajemen-asn
    Pelatihan Analisis Jabatan dan Analisis Beban Kerja
talenta | teknis 24 | hukum | kegiatan:0.4 | manajemen-asn
    Pelatihan Manajemen Talenta ASN
skp | teknis 16 | perencanaan | capaian-unit:0.5 kegiatan:0.4 rencana-aksi:0.4 | manajemen-asn perencanaan-kinerja
    Pelatihan Penyusunan SKP dan Manajemen Kinerja Pegawai
sakip | teknis 24 | perencanaan | capaian-unit:0.7 rencana-aksi:0.7 | perencanaan-kinerja
    Pelatihan SAKIP: Penyusunan Laporan Kinerja Instansi
pbj-dasar | teknis 40 | keuangan | kegiatan:0.4 | pengadaan
    Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar | by:lkpp posts:pengelola_pbj
pbj-lanjut | teknis 40 | keuangan | kegiatan:0.4 | pengadaan
    Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Lanjut | by:lkpp approval after:pbj-dasar
e-katalog | bimtek 12 | keuangan | kegiatan:0.3 | pengadaan spbe
    Bimtek E-Katalog dan E-Purchasing | by:lkpp
elearning-pbj | e_learning 20 | keuangan | kegiatan:0.3 | pengadaan
    E-learning Dasar Pengadaan Barang/Jasa | by:lkpp
kti | workshop 16 | analisis | kajian:0.5 | analisis-kebijakan pengembangan-diri
    Workshop Penulisan Karya Tulis Ilmiah bagi Jabatan Fungsional
mentoring-jf | mentoring 12 | analisis | kajian:0.3 | pengembangan-diri
    Mentoring Pejabat Fungsional Ahli Pertama

# Heads of units: leadership and management
pkp | kepemimpinan 80 | kepemimpinan | capaian-unit:0.6 rencana-aksi:0.5 | orientasi-hasil mengelola-perubahan
    Pelatihan Kepemimpinan Pengawas (PKP) | by:bpsdm approval posts:pengawas
pka | kepemimpinan 96 | kepemimpinan | capaian-unit:0.6 anggaran-unit:0.4 | pengambilan-keputusan mengelola-perubahan
    Pelatihan Kepemimpinan Administrator (PKA) | by:bpsdm approval posts:administrator
kinerja-unit | manajerial 24 | kepemimpinan | capaian-unit | orientasi-hasil
    Pelatihan Manajemen Kinerja Unit Kerja
anggaran-unit | teknis 24 | keuangan | anggaran-unit | pengelolaan-keuangan-daerah
    Pelatihan Pengendalian Anggaran Unit Kerja
rencana-aksi | teknis 16 | perencanaan | rencana-aksi | perencanaan-kinerja
    Pelatihan Penyusunan Rencana Aksi dan Indikator Kinerja
coaching-pengawas | coaching 12 | kepemimpinan | capaian-unit:0.5 | pengembangan-diri orientasi-hasil
    Coaching Kepemimpinan bagi Pejabat Pengawas
mentoring-administrator | mentoring 12 | kepemimpinan | rencana-aksi:0.4 | pengembangan-diri
    Mentoring Pejabat Administrator Baru
manajemen-perubahan | manajerial 24 | manajerial | rencana-aksi:0.5 | mengelola-perubahan
    Pelatihan Manajemen Perubahan
keputusan-data | manajerial 24 | manajerial | capaian-unit:0.5 kajian:0.3 | pengambilan-keputusan data-statistik
    Pelatihan Pengambilan Keputusan Berbasis Data
konflik | manajerial 16 | manajerial | capaian-unit:0.2 | kerjasama komunikasi
    Pelatihan Manajemen Konflik di Tempat Kerja
outbound | outbound 16 | manajerial | kegiatan:0.2 | kerjasama
    Outbound Kepemimpinan dan Kerja Sama Tim
self-akuntabilitas | self_study 8 | perencanaan | rencana-aksi:0.3 | orientasi-hasil
    Belajar Mandiri Akuntabilitas Kinerja | by:lan

# Managerial and socio-cultural, for everyone
integritas | manajerial 16 | sosial-kultural | kegiatan:0.2 dokumen:0.2 | integritas
    Pelatihan Integritas dan Pencegahan Korupsi
kerjasama-tim | manajerial 16 | manajerial | kegiatan:0.3 | kerjasama
    Pelatihan Kerja Sama Tim dan Kolaborasi
public-speaking | manajerial 16 | manajerial | ikm-unit:0.3 | komunikasi
    Pelatihan Komunikasi Efektif dan Public Speaking
orientasi-hasil | manajerial 16 | manajerial | capaian-unit:0.3 kegiatan:0.3 | orientasi-hasil
    Pelatihan Orientasi pada Hasil
coaching-atasan | manajerial 16 | manajerial | capaian-unit:0.3 | pengembangan-diri
    Pelatihan Coaching dan Mentoring bagi Atasan
berpikir-kritis | manajerial 16 | manajerial | rekomendasi:0.3 kajian:0.2 | pengambilan-keputusan
    Pelatihan Berpikir Kritis dan Pemecahan Masalah
berakhlak | sosial_kultural 16 | sosial-kultural | layanan-tepat:0.2 dokumen:0.2 | perekat-bangsa integritas
    Pelatihan Penguatan Nilai Dasar ASN BerAKHLAK
wawasan-kebangsaan | sosial_kultural 24 | sosial-kultural | kegiatan:0.2 | perekat-bangsa
    Pelatihan Wawasan Kebangsaan dan Bela Negara | by:bpsdm
moderasi | sosial_kultural 16 | sosial-kultural | ikm-unit:0.2 | perekat-bangsa
    Pelatihan Moderasi Beragama dan Harmoni Sosial
netralitas | sosialisasi 4 | sosial-kultural | kegiatan:0.1 | integritas etika-pemerintahan
    Sosialisasi Netralitas ASN dalam Pemilihan Kepala Daerah
disiplin-pns | sosialisasi 4 | hukum | dokumen:0.1 | integritas manajemen-asn
    Sosialisasi Disiplin PNS (PP 94 Tahun 2021)
uu-asn | sosialisasi 4 | hukum | kegiatan:0.1 | manajemen-asn
    Sosialisasi Undang-Undang Nomor 20 Tahun 2023 tentang ASN
gratifikasi | sosialisasi 4 | pengawasan | rekomendasi:0.1 | integritas
    Sosialisasi Pengendalian Gratifikasi
reformasi-birokrasi | seminar 8 | pemerintahan | capaian-unit:0.2 kegiatan:0.2 | mengelola-perubahan urusan-pemerintahan
    Seminar Reformasi Birokrasi Tematik
smart-city | seminar 8 | tik | kegiatan:0.2 | spbe mengelola-perubahan
    Seminar Smart City Kabupaten Bungo
kesehatan-mental | seminar 4 | manajerial | kegiatan:0.1 | pengembangan-diri
    Seminar Kesehatan Mental di Tempat Kerja
kesetaraan-gender | seminar 8 | perencanaan | kegiatan:0.2 | perekat-bangsa perencanaan-kinerja
    Seminar Pengarusutamaan Gender dalam Perencanaan
elearning-merit | e_learning 8 | hukum | kegiatan:0.2 | manajemen-asn
    E-learning Manajemen ASN Berbasis Sistem Merit | by:lan
elearning-skp | e_learning 8 | perencanaan | capaian-unit:0.3 | manajemen-asn
    E-learning Penyusunan SKP | by:lan
bahasa-inggris | kursus 48 | manajerial | kajian:0.2 | komunikasi pengembangan-diri
    Kursus Bahasa Inggris untuk ASN | approval

# Government competencies (Permendagri 108/2017)
desentralisasi | teknis 24 | pemerintahan | kegiatan:0.3 | kebijakan-desentralisasi hubungan-pusat-daerah
    Pelatihan Kebijakan Desentralisasi dan Otonomi Daerah | by:kemendagri
pemerintahan-desa | teknis 32 | pemerintahan | kegiatan:0.4 layanan-tepat:0.3 | urusan-pemerintahan pemerintahan-umum
    Pelatihan Tata Kelola Pemerintahan Desa | by:kemendagri
etika-pemerintahan | teknis 16 | pemerintahan | dokumen:0.2 | etika-pemerintahan
    Pelatihan Etika Pemerintahan
eksekutif-legislatif | teknis 16 | pemerintahan | dokumen:0.3 surat-tepat:0.2 | hubungan-eksekutif-legislatif
    Pelatihan Hubungan Eksekutif dan Legislatif Daerah | by:kemendagri
keuangan-non-keuangan | teknis 24 | keuangan | anggaran-unit:0.5 | pengelolaan-keuangan-daerah
    Pelatihan Pengelolaan Keuangan Daerah bagi Pejabat Non-Keuangan
rpjmd | bimtek 24 | perencanaan | kegiatan:0.6 | perencanaan-kinerja urusan-pemerintahan
    Bimtek Penyusunan RPJMD dan Rencana Strategis Perangkat Daerah
urusan-konkuren | teknis 24 | pemerintahan | kegiatan:0.3 rekomendasi:0.3 | urusan-pemerintahan
    Pelatihan Penyelenggaraan Urusan Pemerintahan Konkuren | by:kemendagri

# Digital government
spbe | teknis 24 | tik | dokumen:0.3 kegiatan:0.3 | spbe mengelola-perubahan
    Pelatihan SPBE dan Transformasi Digital Pemerintah Daerah | by:komdigi units:diskominfo
keamanan-informasi | teknis 24 | tik | kajian:0.3 | spbe
    Pelatihan Keamanan Informasi dan Persandian | by:komdigi
media-sosial | teknis 16 | tik | ikm-unit:0.3 kegiatan:0.2 | spbe komunikasi
    Pelatihan Pengelolaan Website dan Media Sosial Pemerintah
satu-data | teknis 24 | tik | kajian:0.5 data-valid:0.3 | data-statistik spbe
    Pelatihan Satu Data Indonesia: Pengelolaan Data Sektoral
literasi-digital | e_learning 10 | tik | dokumen:0.3 | spbe
    E-learning Literasi Digital ASN | by:komdigi
keamanan-siber | e_learning 8 | tik | dokumen:0.2 | spbe
    E-learning Dasar Keamanan Siber | by:komdigi
pemrograman-web | teknis 40 | tik | kajian:0.3 | spbe
    Pelatihan Pemrograman Aplikasi Web untuk Pranata Komputer | approval

# Sector technical: disaster, environment, agriculture, social, order
kesiapsiagaan | teknis 32 | lapangan | kegiatan:0.5 | kebencanaan
    Pelatihan Kesiapsiagaan dan Manajemen Bencana | by:bpbd-jambi units:bpbd
karhutla | teknis 24 | lapangan | kegiatan:0.4 | kebencanaan lingkungan
    Pelatihan Penanganan Kebakaran Hutan dan Lahan | by:bpbd-jambi
dokumen-lingkungan | teknis 32 | lapangan | kajian:0.6 | lingkungan
    Pelatihan Penilaian Dokumen Lingkungan (AMDAL dan UKL-UPL)
penyuluhan-digital | teknis 24 | lapangan | kegiatan:0.6 | pertanian spbe
    Pelatihan Penyuluhan Pertanian Berbasis Digital
pht-karet-sawit | teknis 24 | lapangan | kegiatan:0.5 | pertanian
    Pelatihan Pengendalian Hama Terpadu Tanaman Karet dan Kelapa Sawit
pendamping-pkh | teknis 24 | lapangan | kegiatan:0.5 layanan-tepat:0.3 | perlindungan-sosial
    Pelatihan Pendampingan Keluarga Penerima Manfaat
penegakan-perda | teknis 24 | lapangan | rekomendasi:0.4 kegiatan:0.3 | ketertiban-umum
    Pelatihan Penegakan Peraturan Daerah
mediasi-hi | fungsional 24 | hukum | rekomendasi:0.5 | hukum komunikasi
    Pelatihan Mediasi Hubungan Industrial
uji-kendaraan | fungsional 40 | lapangan | kegiatan:0.5 | urusan-pemerintahan
    Pelatihan Teknis Pengujian Kendaraan Bermotor
ketahanan-pangan | teknis 24 | lapangan | kajian:0.4 kegiatan:0.3 | pertanian data-statistik
    Pelatihan Analisis Ketahanan Pangan Daerah
k3 | teknis 16 | lapangan | kegiatan:0.2 | kebencanaan
    Pelatihan Keselamatan dan Kesehatan Kerja (K3) Perkantoran
pemadam | teknis 40 | lapangan | kegiatan:0.4 | kebencanaan
    Pelatihan Dasar Pemadam Kebakaran dan Penyelamatan | by:bpbd-jambi
bumdes | teknis 24 | pemerintahan | kegiatan:0.5 | urusan-pemerintahan
    Pelatihan Pendampingan Badan Usaha Milik Desa
umkm | teknis 24 | lapangan | kegiatan:0.4 | urusan-pemerintahan
    Pelatihan Pendampingan Usaha Mikro dan Koperasi
pariwisata | workshop 16 | lapangan | kegiatan:0.4 | urusan-pemerintahan
    Workshop Pengembangan Destinasi Wisata Daerah
perlindungan-anak | teknis 24 | lapangan | kegiatan:0.4 layanan-tepat:0.3 | perlindungan-sosial
    Pelatihan Penanganan Kasus Kekerasan terhadap Perempuan dan Anak
tata-ruang | bimtek 16 | lapangan | kajian:0.4 hari-izin:0.3 | urusan-pemerintahan
    Bimtek Pengendalian Pemanfaatan Ruang
"""
