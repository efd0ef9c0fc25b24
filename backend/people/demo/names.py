"""Names, academic titles and birth places that look like Bungo's civil service.

Bungo is Malay (Jambi) at its core, with Minang and Batak families from the
neighbouring provinces and large Javanese communities from the transmigration
areas (Rimbo Bujang, Pelepat Ilir, Kuamang Kuning). Faker's ``id_ID`` names are
mostly Javanese, so they stand for the latter group only.
"""

import random
from dataclasses import dataclass

from faker import Faker


def _split(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


MALE_FIRST = _split(
    """
    Muhammad, Ahmad, Abdul, Rahmat, Hendra, Syafrizal, Zulkifli, Irwan, Edi, Fauzi, Hasan, Hamdani,
    Yusuf, Rizal, Arif, Firdaus, Jufri, Mukhlis, Syamsul, Azwar, Darmawan, Efendi, Hasbi, Ilham, Khairul,
    Mahyudin, Nasrul, Ramli, Sofyan, Taufik, Zainal, Amri, Asril, Alfian, Dedi, Erwin, Fadli, Hardi,
    Indra, Joni, Lukman, Mardiansyah, Novri, Rudi, Saiful, Yudi, Zulfikar, Agus, Andi, Doni, Fikri,
    Hafiz, Iqbal, Jamaluddin, Marzuki, Nurdin, Rasyid, Ridwan, Syahrial, Usman, Armansyah, Bustami,
    Chairul, Darwis, Eko, Feri, Gusrizal, Herman, Ismail, Junaidi
"""
)
MALE_SECOND = _split(
    """
    Syahputra, Putra, Saputra, Hidayat, Rahman, Hakim, Kurniawan, Pratama, Effendi, Firmansyah, Ramadhan,
    Ibrahim, Hasan, Zulkarnain, Maulana, Anwar, Yunus, Hamid, Aziz, Fauzan, Syarif, Hendrawan, Nasution,
    Lubis, Harahap, Siregar, Chaniago, Piliang, Tanjung, Koto
"""
)
FEMALE_FIRST = _split(
    """
    Siti, Siti, Siti, Nur, Nurhayati, Nurul, Rahmawati, Yuliana, Dewi, Fitri, Sri, Rina, Ratna, Yeni, Desi, Elvi,
    Erna, Fatimah, Hasnah, Herlina, Indah, Juwita, Kartini, Lestari, Maimunah, Mardiana, Nelly, Novita,
    Putri, Rosmawati, Rosnani, Salmah, Suryani, Syafitri, Wulandari, Yanti, Zuraida, Aisyah, Anisa,
    Fadilah, Halimah, Khadijah, Linda, Mega, Nadia, Rahmi, Sari, Susanti, Vera, Yusnita, Zahra, Dian,
    Eka, Ayu, Rika, Elis, Marlina, Nova, Ernawati, Yulia, Hayati, Liza
"""
)
FEMALE_SECOND = _split(
    """
    Sari, Wati, Ningsih, Yanti, Lestari, Handayani, Rahmawati, Safitri, Novita, Puspita, Ramadhani,
    Aprianti, Oktaviani, Amelia, Fitriani, Nurhasanah, Wahyuni, Susanti, Marlina, Yusnita, Permata,
    Anggraini, Agustina, Maharani, Utami, Nasution, Lubis, Siregar, Harahap
"""
)
# "Siti" is mostly followed by a second Arabic name rather than a family name.
SITI_SECOND = _split(
    """
    Aminah, Aisyah, Rahma, Nurhaliza, Khadijah, Fatimah, Maryam, Zubaidah, Hajar, Rohani, Julaeha,
    Nurjanah, Rahmah, Zahara, Hawa
"""
)

# Weighted by repetition: most staff were born in the regency or the province.
BIRTH_PLACES = {
    "melayu": _split(
        """
        Muara Bungo, Muara Bungo, Muara Bungo, Muara Bungo, Rantau Pandan, Tanah Tumbuh, Jujuhan, Lubuk Landai,
        Muara Buat, Pelepat, Babeko, Jambi, Jambi, Muara Tebo, Bangko, Sarolangun, Muara Bulian, Kuala Tungkal,
        Sungai Penuh, Palembang
        """
    ),
    "minang": _split("Muara Bungo, Padang, Bukittinggi, Solok, Sijunjung, Payakumbuh, Dharmasraya, Jambi"),
    "batak": _split("Medan, Pematangsiantar, Padangsidimpuan, Tarutung, Muara Bungo, Jambi, Pekanbaru"),
    "jawa": _split(
        """
        Rimbo Bujang, Kuamang Kuning, Muara Bungo, Muara Bungo, Yogyakarta, Klaten, Purworejo, Wonogiri, Kebumen,
        Ponorogo, Jambi, Bengkulu, Lubuklinggau
        """
    ),
}
# First names that never stand alone.
PREFIX_NAMES = frozenset({"Muhammad", "Ahmad", "Abdul", "Siti", "Nur", "Nurul", "Sri"})
BATAK_SURNAMES = frozenset({"Nasution", "Lubis", "Harahap", "Siregar"})
MINANG_SURNAMES = frozenset({"Chaniago", "Piliang", "Tanjung", "Koto"})


@dataclass(frozen=True)
class TitleRule:
    # None: the bachelor degree follows the unit's discipline (FIELD_DEGREES).
    degrees: tuple[str, ...] | None = None
    master: float = 0.0
    front: str = ""


FIELD_DEGREES = {
    "umum": ("S.Sos.", "S.E.", "S.H.", "S.IP.", "S.AP.", "S.Kom.", "S.Sos."),
    "pemerintahan": ("S.STP.", "S.STP.", "S.IP.", "S.Sos.", "S.H."),
    "sdm": ("S.Psi.", "S.Sos.", "S.E.", "S.H.", "S.Kom."),
    "keuangan": ("S.E.", "S.E.", "S.Ak."),
    "hukum": ("S.H.",),
    "teknik": ("S.T.",),
    "pertanian": ("S.P.", "S.P.", "S.Pt.", "S.Hut."),
    "perikanan": ("S.Pi.",),
    "kesehatan": ("S.KM.", "S.KM.", "S.Kep., Ners", "dr."),
    "pendidikan": ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I."),
    "it": ("S.Kom.", "S.Kom.", "S.T."),
    "sosial": ("S.Sos.",),
    "ekonomi": ("S.E.",),
    "lingkungan": ("S.T.", "S.Si.", "S.Hut."),
    "komunikasi": ("S.I.Kom.", "S.Sos."),
    "statistik": ("S.Si.", "S.Stat."),
    "psikologi": ("S.Psi.",),
}
MASTERS = {
    "pendidikan": ("M.Pd.",),
    "kesehatan": ("M.Kes.",),
    "hukum": ("M.H.",),
    "teknik": ("M.T.", "M.Si."),
    "keuangan": ("M.Ak.", "M.M.", "M.Si."),
    "pertanian": ("M.P.", "M.Si."),
}
DEFAULT_MASTERS = ("M.Si.", "M.M.", "M.A.P.", "M.Si.")
# Degrees written before the name.
FRONT_DEGREES = frozenset({"dr.", "drg.", "drh.", "apt."})
SPECIALISTS = ("Sp.PD", "Sp.OG", "Sp.A", "Sp.B", "Sp.An", "Sp.Rad", "Sp.P", "Sp.N")

TITLES = {
    "field": TitleRule(master=0.05),
    "none": TitleRule(degrees=("",)),
    "jpt": TitleRule(master=0.85),
    "admin": TitleRule(master=0.4),
    "pamong": TitleRule(degrees=FIELD_DEGREES["pemerintahan"], master=0.3),
    "kapus": TitleRule(degrees=("S.KM.", "S.KM.", "S.Kep., Ners", "dr."), master=0.25),
    "guru": TitleRule(degrees=FIELD_DEGREES["pendidikan"]),
    "guru_senior": TitleRule(degrees=FIELD_DEGREES["pendidikan"], master=0.35),
    "master": TitleRule(master=1.0),
    "dokter": TitleRule(degrees=("",), master=0.1, front="dr."),
    "dokter_pimpinan": TitleRule(degrees=("", "", "Sp.PD", "Sp.OG"), master=0.6, front="dr."),
    "dokter_spesialis": TitleRule(degrees=SPECIALISTS, front="dr."),
    "dokter_gigi": TitleRule(degrees=("",), front="drg."),
    "drh": TitleRule(degrees=("",), front="drh."),
    "apoteker": TitleRule(degrees=("S.Farm.",), front="apt."),
    "ners": TitleRule(degrees=("S.Kep., Ners",), master=0.05),
    "bidan_s1": TitleRule(degrees=("S.Tr.Keb.", "S.Keb., Bd.")),
    "skm": TitleRule(degrees=("S.KM.",), master=0.15),
    "psikologi": TitleRule(
        degrees=("S.Psi.", "S.Psi., M.Psi."),
    ),
    "keuangan": TitleRule(degrees=FIELD_DEGREES["keuangan"], master=0.1),
    "keuangan_master": TitleRule(degrees=FIELD_DEGREES["keuangan"], master=0.8),
    "hukum": TitleRule(degrees=("S.H.",), master=0.15),
    "it": TitleRule(degrees=FIELD_DEGREES["it"], master=0.05),
    "komunikasi": TitleRule(degrees=FIELD_DEGREES["komunikasi"]),
    "statistik": TitleRule(degrees=FIELD_DEGREES["statistik"]),
    "teknik": TitleRule(degrees=("S.T.",), master=0.1),
    "lingkungan": TitleRule(degrees=FIELD_DEGREES["lingkungan"]),
    "sosial": TitleRule(degrees=("S.Sos.",)),
    "ekonomi": TitleRule(degrees=("S.E.",)),
    "pertanian": TitleRule(degrees=FIELD_DEGREES["pertanian"]),
    "perikanan": TitleRule(degrees=("S.Pi.",)),
    "perawat_d3": TitleRule(degrees=("A.Md.Kep.",)),
    "bidan_d3": TitleRule(degrees=("A.Md.Keb.",)),
    "farmasi_d3": TitleRule(degrees=("A.Md.Farm.",)),
    "analis_d3": TitleRule(degrees=("A.Md.AK.",)),
    "gizi_d3": TitleRule(degrees=("A.Md.Gz.",)),
    "kesling_d3": TitleRule(degrees=("A.Md.KL.",)),
    "rekmed_d3": TitleRule(degrees=("A.Md.Kes.",)),
    "radiologi_d3": TitleRule(degrees=("A.Md.Rad.",)),
    "fisio_d3": TitleRule(degrees=("A.Md.Ftr.",)),
    "it_d3": TitleRule(degrees=("A.Md.Kom.",)),
    "teknik_d3": TitleRule(degrees=("A.Md.T.", "")),
    "pertanian_d3": TitleRule(degrees=("A.Md.P.", "")),
    "d3_umum": TitleRule(degrees=("A.Md.",)),
}


def academic_titles(rule_key: str, field: str, rng: random.Random) -> tuple[str, str]:
    """(title before the name, title after it) for a holder of a post."""
    rule = TITLES[rule_key]
    degree = rng.choice(rule.degrees if rule.degrees is not None else FIELD_DEGREES[field])
    front = rule.front
    if degree in FRONT_DEGREES:
        front, degree = degree, ""
    back = [degree] if degree else []
    if rule.master and rng.random() < rule.master:
        master_field = "kesehatan" if front in {"dr.", "drg."} else field
        back.append(rng.choice(MASTERS.get(master_field, DEFAULT_MASTERS)))
    return front, ", ".join(back)


class NameMaker:
    """Indonesian names for one seed; Faker is seeded per instance, never globally."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)

    def make(self, *, female: bool) -> tuple[str, str]:
        """A (name, birth place) pair for a person of the given sex."""
        rng = self.rng
        if rng.random() < 0.3:
            return self._javanese(female=female), rng.choice(BIRTH_PLACES["jawa"])
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        if female and first == "Siti":
            second = rng.choice(SITI_SECOND)
        else:
            second = rng.choice(FEMALE_SECOND if female else MALE_SECOND)
        roll = rng.random()
        if roll < 0.12 and first not in PREFIX_NAMES:
            parts = [first]
        elif roll < 0.25 and not female:
            parts = [first, rng.choice(MALE_FIRST), second]
        else:
            parts = [first, second]
        if parts[-1] in BATAK_SURNAMES:
            origin = "batak"
        elif parts[-1] in MINANG_SURNAMES:
            origin = "minang"
        else:
            origin = "melayu"
        return " ".join(dict.fromkeys(parts)), rng.choice(BIRTH_PLACES[origin])

    def _javanese(self, *, female: bool) -> str:
        fake = self.fake
        first = fake.first_name_female() if female else fake.first_name_male()
        if self.rng.random() < 0.35:
            return first
        last = fake.last_name_female() if female else fake.last_name_male()
        return first if last == first else f"{first} {last}"
