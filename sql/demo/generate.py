#!/usr/bin/env python3
"""sql/demo/generate.py — the demo district: a synthetic Thanh Khê for 2023.

    sql/demo/generate.py OUTDIR [--seed N] [--scale S]

Writes into OUTDIR the files that sql/demo/load.sh enters through the real
client, in the formats of the small sample beside this script
(households.csv, members.csv, the *.txt plan files), plus two bulk files that
the ward imports (supports.csv: the Tết gifts; assessments.csv: the 2022 and
2023 reviews of every household) and figures.txt, the totals the data are
built to (FIGURES below; tests/integration/demo_district.t asserts them).

Ten wards and about 1,500 poor and near-poor households (--scale 0.2: 300;
the people, the reviews, the gifts and the expected-exit lists scale with
them) with their members, needs, supports, programme distributions,
pairings, dialogues, employment events and targets. The figures of the
district's 2023 report (MISSION.md) do not scale: 41 of 62
livelihood-equipment cases funded with 344,800,000 VND from the Fund for the
Poor and the social-assurance budget; 34 policy households and 27 disabled
people given livelihood support, assistive devices and orthopaedic aids
worth 235,600,000 VND from the Gratitude fund and the social-assurance
budget; two new houses (An Khê, Thanh Khê Đông) at 60,000,000 VND from the
People's Committee of Thanh Hóa province; 25 households in especially
difficult circumstances paired with sponsors; 117 job placements and 88
vocational-training registrations at the job weeks; 54 referrals to the
employment service centre in the first quarter; targets 220 / 25 / 50 / 150.
Mr Trương Văn Hoành (KD-031-07, Thanh Khê Đông, group 31) is given his food
display cabinet in April 2023.

Python 3 standard library only. The same seed and scale give the same files
byte for byte. The people are invented: names, addresses and citizen IDs
(12 digits: province 048 Đà Nẵng, the century/sex digit and the two digits of
the birth year matching the member, six more digits) belong to no one.
"""

import argparse
import datetime as dt
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The reported figures the data are built to (MISSION.md).
FIGURES = {
    "livelihood_registered": 62,
    "livelihood_funded": 41,
    "livelihood_approved": 9,   # approved, waiting for money
    "livelihood_verified": 6,   # re-checked, not yet decided
    "livelihood_waiting": 4,    # registered, not yet re-checked
    "livelihood_rejected": 2,
    "livelihood_vnd": 344_800_000,
    "aid_households": 34,
    "aid_people": 27,
    "aid_vnd": 235_600_000,
    "houses": 2,
    "house_vnd": 60_000_000,
    "pairings": 25,
    "placements": 117,
    "trainings": 88,
    "referrals_q1": 54,
    "target_poor_exit": 220,
    "target_poor_exit_special": 25,
    "target_poor_exit_central": 50,
    "target_near_poor_exit": 150,
}
# Not part of the report's figures: events that must not be counted in them.
REFERRALS_LATER = 38        # referrals after the first quarter
PLACEMENTS_OUTSIDE = 15     # placements not at a job week
BASE_HOUSEHOLDS = 1500

WARDS = ["AK", "CG", "HK", "KD", "KT", "TC", "TG", "TT", "VT", "XH"]
WARD_NAME = {
    "AK": "An Khê", "CG": "Chính Gián", "HK": "Hòa Khê", "KD": "Thanh Khê Đông",
    "KT": "Thanh Khê Tây", "TC": "Tân Chính", "TG": "Thạc Gián", "TT": "Tam Thuận",
    "VT": "Vĩnh Trung", "XH": "Xuân Hà",
}
WARD_WEIGHT = {"AK": 14, "CG": 9, "HK": 10, "KD": 11, "KT": 10, "TC": 7, "TG": 9,
               "TT": 11, "VT": 9, "XH": 10}
JOB_WEEKS = [  # ward, from (a Monday); to is the Friday
    ("AK", "2023-03-06"), ("CG", "2023-03-27"), ("HK", "2023-04-17"),
    ("KD", "2023-05-08"), ("KT", "2023-05-29"), ("TC", "2023-06-19"),
    ("TG", "2023-07-10"), ("TT", "2023-07-31"), ("VT", "2023-08-21"),
    ("XH", "2023-09-11"),
]

SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 4 + ["Lê"] * 4 + ["Phạm"] * 2 + [
    "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Trương", "Đoàn", "Mai", "Tô", "Lương", "Châu", "Thái"]
MIDDLE_M = ["Văn", "Văn", "Văn", "Hữu", "Công", "Đức", "Minh", "Quốc", "Thanh", "Ngọc"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Mỹ", "Kim", "Thanh", "Bích"]
GIVEN_M = ["Tuấn", "Hùng", "Dũng", "Minh", "Nam", "Lộc", "Tâm", "Phúc", "Hải", "Sơn",
           "Tài", "Thắng", "Lực", "Vinh", "Quang", "Hòa", "Bình", "Tám", "Sáu", "Long",
           "Hiếu", "Khánh", "Trung", "Hưng", "Đạt", "Phong", "Toàn", "Cường", "Duy", "Bảo"]
GIVEN_F = ["Lan", "Hoa", "Mai", "Hạnh", "Hương", "Lệ", "Thu", "Trang", "Vân", "Xuân",
           "Loan", "Hằng", "Nga", "Yến", "Phượng", "Linh", "Thảo", "Dung", "Hiền", "Tuyết",
           "Nhung", "Oanh", "Quyên", "Diệu", "Hà", "My", "Ngân", "Châu", "Thủy", "Liên"]
STREETS = ["Kinh Dương Vương", "Hà Huy Tập", "Nguyễn Tất Thành", "Trần Cao Vân",
           "Điện Biên Phủ", "Lê Duẩn", "Hàm Nghi", "Trường Chinh", "Dũng Sĩ Thanh Khê",
           "Huỳnh Ngọc Huệ", "Thái Thị Bôi", "Nguyễn Văn Linh", "Lý Thái Tổ", "Hải Phòng",
           "Phan Thanh", "Đỗ Quang", "Tôn Thất Đạm", "Lê Độ", "Nguyễn Phước Nguyên",
           "Trần Xuân Lê", "Hoàng Minh Thảo", "Phú Lộc", "Đào Duy Anh", "Cù Chính Lan"]
ADULT_JOBS = ["bán hàng rong", "bán vé số", "xe ôm", "lao động phổ thông", "thợ hồ",
              "phụ hồ", "nội trợ", "giúp việc nhà", "may gia công", "bán quán ăn nhỏ",
              "thợ sửa xe", "bốc vác ở chợ", "thu gom phế liệu", "không có việc làm",
              "bán tạp hóa", "rửa chén thuê"]
OLD_JOBS = ["hưu trí", "già yếu", "ở nhà", "bán vé số"]
INDICATORS = ["employment", "dependants", "nutrition", "health-insurance",
              "adult-education", "child-schooling", "housing-quality", "housing-area",
              "water", "latrine", "telecom", "information-access"]

LIVELIHOOD_ITEMS = ["Tủ trưng bày thức ăn và bàn ghế cho quán ăn", "Nồi nấu và quầy bán bún",
                    "Máy xay sinh tố và tủ mát bán nước giải khát", "Tủ đông bảo quản hàng",
                    "Máy may công nghiệp", "Kệ hàng và hàng hóa ban đầu cho tạp hóa",
                    "Máy khoan và bộ đồ nghề thợ điện", "Xe đẩy bán bánh mì",
                    "Bộ đồ nghề sửa xe máy", "Máy ép nước mía"]
ASSISTIVE = ["Xe lăn", "Xe lăn có bô vệ sinh", "Máy trợ thính", "Nạng và gậy chống",
             "Khung tập đi", "Đệm chống loét và xe lăn"]
ORTHOPAEDIC = ["Nẹp chỉnh hình chân", "Chân giả", "Giày chỉnh hình", "Áo nẹp cột sống"]
POLICY_LIVELIHOOD = ["quầy bán tạp hóa", "bộ đồ nghề sửa xe", "tủ mát", "máy may gia đình",
                     "dụng cụ làm bánh", "xe đẩy bán hàng"]
EMPLOYERS = [("Công ty may xuất khẩu Hòa Cầm", "may công nghiệp"),
             ("Nhà hàng hải sản Biển Xanh", "phục vụ nhà hàng"),
             ("Siêu thị Thanh Khê", "nhân viên bán hàng"),
             ("Công ty dịch vụ bảo vệ Sông Hàn", "bảo vệ"),
             ("Công ty giao hàng nhanh", "giao hàng"),
             ("Xưởng cơ khí Hòa Khánh", "thợ hàn"),
             ("Công ty môi trường đô thị", "công nhân vệ sinh"),
             ("Khách sạn ven biển Mỹ Khê", "phụ bếp")]
TRAINERS = [("Trường Cao đẳng nghề Đà Nẵng", "điện dân dụng"),
            ("Trường Cao đẳng nghề Đà Nẵng", "pha chế đồ uống"),
            ("Trường Trung cấp Du lịch", "nấu ăn"),
            ("Trung tâm tin học", "tin học văn phòng"),
            ("Trung tâm dạy nghề quận Thanh Khê", "sửa xe máy"),
            ("Trung tâm dạy nghề quận Thanh Khê", "may công nghiệp")]
CENTRE = "Trung tâm Dịch vụ việc làm Đà Nẵng"
REFERRAL_TRADES = ["tư vấn việc làm", "bảo hiểm thất nghiệp", "xuất khẩu lao động", ""]
PAIRING_COMMITMENTS = ["500.000 đồng mỗi tháng và quà Tết",
                       "300.000 đồng mỗi tháng và thăm hỏi khi ốm đau",
                       "Học bổng và sách vở cho con đi học",
                       "Hỗ trợ tìm việc làm cho người trong độ tuổi lao động"]
MARKET_GOODS = [("trứng gà", "quả", 3000, 200, 500), ("sắn", "kg", 10000, 25, 60),
                ("khoai lang", "kg", 15000, 25, 60), ("thanh long", "kg", 25000, 20, 55),
                ("rau xanh", "kg", 12000, 30, 60), ("chuối", "kg", 20000, 30, 60),
                ("bí đỏ", "kg", 10000, 30, 60)]
# The district-wide bread cabinet of Trần Cao Vân primary school, every 1–2
# months, each time in one ward.
BREAD_SESSIONS = [("TT", "2023-02-24"), ("XH", "2023-04-07"), ("TT", "2023-05-26"),
                  ("KT", "2023-07-14"), ("CG", "2023-08-25"), ("XH", "2023-09-22"),
                  ("TG", "2023-11-03"), ("TT", "2023-12-15")]
DISTRICT_ORGS = ["Ủy ban MTTQ Việt Nam quận Thanh Khê", "Hội Doanh nhân trẻ quận Thanh Khê"]
THANH_HOA = "UBND tỉnh Thanh Hóa"


def die(msg):
    sys.stderr.write("generate.py: %s\n" % msg)
    sys.exit(2)


def d(s):
    return dt.date.fromisoformat(s)


def vn_date(x):
    return x.strftime("%d/%m/%Y")


class Person:
    __slots__ = ("name", "born", "sex", "cccd", "relation", "disability", "illness", "job",
                 "hh")


class Household:
    __slots__ = ("ward", "code", "group", "address", "policy", "special", "status",
                 "members", "fate", "expected", "a2022", "a2023")


class Gen:
    def __init__(self, seed, scale):
        self.rng = random.Random(seed)
        self.scale = scale
        self.cccd_seen = set()
        self.households = []
        self.by_ward = {w: [] for w in WARDS}
        self.out = {}

    # ------------------------------------------------------------ people

    def name(self, sex, surname=None):
        r = self.rng
        middle = r.choice(MIDDLE_M if sex == "nam" else MIDDLE_F)
        given = r.choice(GIVEN_M if sex == "nam" else GIVEN_F)
        return "%s %s %s" % (surname or r.choice(SURNAMES), middle, given)

    def cccd(self, sex, born):
        """12 digits: 048 (Đà Nẵng), century/sex digit, birth year's last two, six more."""
        century = 0 if born.year < 2000 else 2
        digit = century + (0 if sex == "nam" else 1)
        while True:
            v = "048%d%02d%06d" % (digit, born.year % 100, self.rng.randrange(1000000))
            if v not in self.cccd_seen:
                self.cccd_seen.add(v)
                return v

    def birth(self, year_lo, year_hi):
        y = self.rng.randint(year_lo, year_hi)
        return dt.date(y, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def person(self, hh, sex, born, relation, surname=None, name=None):
        p = Person()
        p.hh = hh
        p.sex = sex
        p.born = born
        p.name = name or self.name(sex, surname)
        p.relation = relation
        # Citizen IDs from 14 years of age (2023).
        p.cccd = self.cccd(sex, born) if born.year <= 2009 else ""
        p.disability = ""
        p.illness = ""
        age = 2023 - born.year
        if age < 18:
            p.job = "học sinh" if age >= 6 else ""
        elif age >= 65:
            p.job = self.rng.choice(OLD_JOBS)
        else:
            p.job = self.rng.choice(ADULT_JOBS)
        hh.members.append(p)
        return p

    # ------------------------------------------------------------ households

    def households_and_members(self):
        r = self.rng
        n = round(BASE_HOUSEHOLDS * self.scale)
        if n < 300:
            die("--scale %s gives %d households: at least 300 (scale 0.2) are needed "
                "for the report's figures" % (self.scale, n))
        if n > 6000:
            die("--scale %s gives %d households: at most 6000 (scale 4)" % (self.scale, n))
        total_w = sum(WARD_WEIGHT.values())
        shares = {w: n * WARD_WEIGHT[w] / total_w for w in WARDS}
        count = {w: int(shares[w]) for w in WARDS}
        for w in sorted(WARDS, key=lambda w: (count[w] - shares[w], w))[:n - sum(count.values())]:
            count[w] += 1
        for w in WARDS:
            codes = set()
            if w == "KD":
                codes.add((31, 7))
            while len(codes) < count[w]:
                codes.add((r.randint(1, 60), r.randint(1, 29)))
            for group, seq in sorted(codes):
                hh = Household()
                hh.ward = w
                hh.code = "%s-%03d-%02d" % (w, group, seq)
                hh.group = group
                hh.address = "K%d/%d %s" % (r.randint(2, 480), r.randint(1, 40), r.choice(STREETS))
                hh.policy = False
                hh.special = False
                hh.status = "nghèo" if r.random() < 0.57 else "cận nghèo"
                hh.members = []
                hh.fate = None
                hh.expected = False
                self.households.append(hh)
                self.by_ward[w].append(hh)
                if hh.code == "KD-031-07":
                    self.hoanh_household(hh)
                else:
                    self.family(hh)
        # Policy households and households in especially difficult
        # circumstances (mostly poor).
        others = [h for h in self.households if h.code != "KD-031-07"]
        for h in r.sample(others, max(45, round(0.12 * n))):
            h.policy = True
        special = r.sample(others, max(40, round(0.08 * n)) - 1)
        for h in special:
            h.special = True
            if r.random() < 0.85:
                h.status = "nghèo"
        # Disabled and seriously ill members.
        people = [p for h in others for p in h.members]
        for p in r.sample(people, max(45, round(0.045 * len(people)))):
            p.disability = r.choice(["nhẹ", "nặng", "nặng", "đặc biệt nặng"])
        for p in r.sample(people, round(0.03 * len(people))):
            p.illness = "x"

    def hoanh_household(self, hh):
        hh.group = 31
        hh.address = "K12/5 Trần Cao Vân"
        hh.special = True
        hh.status = "nghèo"
        p = self.person(hh, "nam", d("1966-05-14"), "chủ hộ", name="Trương Văn Hoành")
        p.disability = "nặng"
        p.job = "phụ vợ bán quán ăn nhỏ"
        p = self.person(hh, "nữ", d("1969-09-02"), "vợ", name="Nguyễn Thị Thu")
        p.job = "bán quán ăn nhỏ"
        p = self.person(hh, "nữ", d("2009-03-21"), "con", name="Trương Thị Mai")
        p.job = "học sinh"

    def family(self, hh):
        r = self.rng
        head_sex = "nam" if r.random() < 0.62 else "nữ"
        head_born = self.birth(1938, 1995)
        surname = r.choice(SURNAMES)
        self.person(hh, head_sex, head_born, "chủ hộ", surname=surname)
        if r.random() < (0.8 if head_sex == "nam" else 0.45):
            sex = "nữ" if head_sex == "nam" else "nam"
            born = min(head_born + dt.timedelta(days=r.randint(-2500, 1800)), d("1999-12-31"))
            self.person(hh, sex, born, "vợ" if sex == "nữ" else "chồng",
                        surname=None if sex == "nữ" else surname)
        if head_born.year < 1970 and r.random() < 0.4:
            self.person(hh, r.choice(["nam", "nữ"]), self.birth(1996, 2016), "cháu")
        kids = r.choice([0, 1, 1, 2, 2, 2, 3]) if head_born.year >= 1960 else r.choice([0, 1])
        for _ in range(kids):
            lo = max(head_born.year + 20, 1965)
            hi = min(head_born.year + 42, 2021)
            if lo > hi:
                break
            sex = r.choice(["nam", "nữ"])
            self.person(hh, sex, self.birth(lo, hi), "con",
                        surname=surname if head_sex == "nam" else None)
        if head_born.year >= 1968 and r.random() < 0.15:
            sex = r.choice(["nam", "nữ"])
            self.person(hh, sex, self.birth(1935, head_born.year - 20),
                        "cha" if sex == "nam" else "mẹ", surname=surname if sex == "nam" else None)

    # ------------------------------------------------------------ the review

    def review(self):
        """Who escapes poverty in 2023, who is expected to, and the two reviews."""
        r = self.rng
        s = self.scale
        poor = [h for h in self.households if h.status == "nghèo" and h.code != "KD-031-07"]
        near = [h for h in self.households if h.status == "cận nghèo"]
        special_poor = [h for h in poor if h.special]
        exits_special = r.sample(special_poor, min(len(special_poor), max(3, round(28 * s))))
        rest = [h for h in poor if not h.special]
        exits_poor = exits_special + r.sample(rest, round(226 * s) - len(exits_special))
        for h in exits_poor:
            h.fate = "poor->near" if r.random() < 0.6 else "poor->none"
        stay = [h for h in poor if h.fate is None]
        for h in r.sample(stay, round(22 * s)):
            h.expected = True
        for h in exits_poor:
            h.expected = r.random() < 0.93
        near_exits = r.sample(near, round(160 * s))
        for h in near_exits:
            h.fate = "near->none"
            h.expected = r.random() < 0.9
        near_stay = [h for h in near if h.fate is None]
        for h in r.sample(near_stay, round(14 * s)):
            h.fate = "near->poor"
        for h in r.sample([h for h in near_stay if h.fate is None], round(12 * s)):
            h.expected = True

        def depr(k, must=()):
            chosen = set(must)
            pool = [i for i in INDICATORS if i not in chosen]
            chosen.update(r.sample(pool, max(0, k - len(chosen))))
            return chosen

        for h in self.households:
            if h.code == "KD-031-07":
                h.a2022 = (1500000, {"adult-education", "water", "child-schooling", "housing-quality"})
                h.a2023 = (1600000, {"adult-education", "water", "child-schooling", "housing-quality"})
                continue
            if h.status == "nghèo":
                inc = r.randrange(1100000, 1950001, 50000)
                dep = depr(r.randint(3, 6))
                h.a2022 = (inc, dep)
                if h.fate == "poor->near":
                    h.a2023 = (min(2000000, inc + r.randrange(0, 400001, 50000)),
                               set(r.sample(sorted(dep), r.randint(0, 2))))
                elif h.fate == "poor->none":
                    h.a2023 = (r.randrange(2050000, 2900001, 50000),
                               set(r.sample(sorted(dep), r.randint(0, 3))))
                else:
                    keep = set(r.sample(sorted(dep), max(3, len(dep) - r.randint(0, 1))))
                    h.a2023 = (min(2000000, inc + r.randrange(0, 200001, 50000)), keep)
            else:
                inc = r.randrange(1300000, 2000001, 50000)
                dep = depr(r.randint(0, 2))
                h.a2022 = (inc, dep)
                if h.fate == "near->none":
                    h.a2023 = (r.randrange(2050000, 2900001, 50000),
                               set(r.sample(sorted(dep), r.randint(0, len(dep)))))
                elif h.fate == "near->poor":
                    h.a2023 = (r.randrange(1100000, 1800001, 50000), depr(3, dep))
                else:
                    h.a2023 = (min(2000000, inc + r.randrange(-100000, 150001, 50000)), dep)

    # ------------------------------------------------------------ money

    def amounts(self, n, total, lo, hi, step=100000):
        """n amounts in steps of `step`, each in [lo, hi], adding up to total."""
        r = self.rng
        if not n * lo <= total <= n * hi:
            die("cannot split %d into %d amounts of %d..%d" % (total, n, lo, hi))
        v = [r.randrange(lo, hi + 1, step) for _ in range(n)]
        while sum(v) != total:
            i = r.randrange(n)
            if sum(v) < total and v[i] + step <= hi:
                v[i] += step
            elif sum(v) > total and v[i] - step >= lo:
                v[i] -= step
        return v

    def day(self, lo, hi):
        a, b = d(lo), d(hi)
        return a + dt.timedelta(days=self.rng.randrange((b - a).days + 1))

    # ------------------------------------------------------------ plan files

    def plan(self):
        r = self.rng
        w_name = WARD_NAME
        hoanh_hh = next(h for h in self.households if h.code == "KD-031-07")
        hoanh = hoanh_hh.members[0]
        used_for_need = {hoanh_hh.code}

        # Dialogues: each ward's, with the poor households expected to exit.
        dialogues = []
        dialogue_of = {}
        for w in WARDS:
            listed = [h for h in self.by_ward[w] if h.expected and h.status == "nghèo"][:40]
            if w == "KD":
                listed = [hoanh_hh] + listed[:39]
            if not listed:
                continue
            for h in listed:
                dialogue_of[h.code] = w + "-2023"
            note = ("Hộ ông Trương Văn Hoành đề nghị hỗ trợ tủ trưng bày thức ăn và bàn ghế cho quán ăn"
                    if w == "KD" else "Các hộ nêu nhu cầu trang thiết bị sinh kế, việc làm và học nghề")
            dialogues.append("%s|%s-2023|%s|Đối thoại với hộ nghèo dự kiến thoát nghèo năm 2023|%s|%s" % (
                w, w, self.day("2023-02-13", "2023-02-24").isoformat(),
                " ".join(h.code for h in listed), note))

        needs = []

        def need(h, kind, cccd, desc, est, surveyed, outcome, fund="", org="", amount="",
                 wrong="", verified=None, decided=None, given=None):
            dia = dialogue_of.get(h.code, "") if surveyed >= d("2023-02-13") else ""
            if dia:
                # Raised at the dialogue: surveyed that day.
                surveyed = d(next(x.split("|")[2] for x in dialogues if x.split("|")[1] == dia))
            ver = verified or surveyed + dt.timedelta(days=r.randint(7, 20))
            dec = decided or ver + dt.timedelta(days=r.randint(5, 14))
            giv = given or dec + dt.timedelta(days=r.randint(10, 40))
            f = {"registered": ("", "", ""), "verified": (ver, "", ""), "approved": (ver, dec, ""),
                 "rejected": (ver, dec, ""), "funded": (ver, dec, giv)}[outcome]
            needs.append("|".join(str(x) for x in (
                h.ward, h.code, kind, cccd, desc, est, surveyed.isoformat(), dia, outcome,
                f[0] and f[0].isoformat(), f[1] and f[1].isoformat(), f[2] and f[2].isoformat(),
                fund, org, amount, wrong)))

        # Livelihood equipment: 62 cases, 41 funded from the two funds.
        F = FIGURES
        outcomes = (["funded"] * F["livelihood_funded"] + ["approved"] * F["livelihood_approved"]
                    + ["verified"] * F["livelihood_verified"]
                    + ["registered"] * F["livelihood_waiting"] + ["rejected"] * F["livelihood_rejected"])
        assert len(outcomes) == F["livelihood_registered"]
        cands = [h for h in self.households if h.code != hoanh_hh.code]
        pick = [hoanh_hh] + r.sample(cands, len(outcomes) - 1)
        used_for_need.update(h.code for h in pick)
        money = self.amounts(F["livelihood_funded"], F["livelihood_vnd"], 5000000, 11800000)
        # Mr Hoành's cabinet: 7,600,000 VND from the Fund for the Poor, April 2023.
        big = max(range(1, len(money)), key=lambda i: money[i])
        money[big] -= 7600000 - money[0]
        money[0] = 7600000
        funds = ["poor-fund", "social-assurance"] * 21
        r.shuffle(funds)
        funds[0] = "poor-fund"
        k = 0
        wrong_at = 5
        for i, (h, outcome) in enumerate(zip(pick, outcomes)):
            item = LIVELIHOOD_ITEMS[0] if i == 0 else r.choice(LIVELIHOOD_ITEMS)
            surveyed = self.day("2023-01-03", "2023-05-20")
            if outcome == "funded":
                amt = money[k]
                est = amt + r.randrange(0, 1200001, 100000)
                if i == 0:
                    need(h, "livelihood-equipment", "", item, 8300000, d("2023-02-21"), "funded",
                         "poor-fund", "", 7600000, verified=d("2023-03-06"), decided=d("2023-03-20"),
                         given=d("2023-04-12"))
                else:
                    need(h, "livelihood-equipment", "", item, est, surveyed, "funded", funds[k], "",
                         amt, amt * 10 if k == wrong_at else "")
                k += 1
            else:
                need(h, "livelihood-equipment", "", item, r.randrange(5000000, 12000001, 100000),
                     surveyed, outcome)

        # Assistive devices and orthopaedic aids for 27 disabled people, and
        # livelihood support for 34 policy households (supports.txt): from the
        # Gratitude fund and the social-assurance budget.
        aid = self.amounts(F["aid_people"] + F["aid_households"], F["aid_vnd"], 1500000, 6000000)
        disabled = [p for h in self.households for p in h.members
                    if p.disability and p.cccd and p is not hoanh]
        people = [hoanh] + r.sample(disabled, F["aid_people"] - 1)
        for i, p in enumerate(people):
            ortho = i % 5 == 4
            kind = "orthopaedic-aid" if ortho else "assistive-device"
            desc = r.choice(ORTHOPAEDIC if ortho else ASSISTIVE)
            fund = "gratitude" if p.hh.policy and r.random() < 0.7 else "social-assurance"
            if p is hoanh:
                desc, fund = "Xe lăn", "social-assurance"
            need(p.hh, kind, p.cccd, desc, aid[i], self.day("2023-01-05", "2023-06-30"), "funded",
                 fund, "", aid[i])
        supports = []
        policy = [h for h in self.households if h.policy]
        for j, h in enumerate(sorted(r.sample(policy, F["aid_households"]),
                                     key=lambda h: (h.ward, h.code))):
            amt = aid[F["aid_people"] + j]
            fund = "gratitude" if r.random() < 0.65 else "social-assurance"
            supports.append("%s|%s|livelihood-equipment||Hỗ trợ sinh kế: %s|%d|%s|%s|" % (
                h.ward, h.code, r.choice(POLICY_LIVELIHOOD), amt,
                self.day("2023-03-01", "2023-10-31").isoformat(), fund))

        # Two new houses from Thanh Hóa province; repairs; jobs and training
        # asked for.
        for w, when in (("AK", "2023-01-10"), ("KD", "2023-02-14")):
            h = r.choice([x for x in self.by_ward[w] if x.status == "nghèo" and x.code not in used_for_need])
            used_for_need.add(h.code)
            need(h, "house-new", "", "Xây mới nhà ở (nhà cấp 4, 40 m²)", F["house_vnd"], d(when),
                 "funded", "", THANH_HOA, F["house_vnd"])
        for _ in range(3):
            h = r.choice(self.households)
            need(h, "house-repair", "", r.choice(["Sửa mái tôn bị dột", "Sửa tường nhà bị nứt"]),
                 r.randrange(10000000, 25000001, 1000000), self.day("2023-02-01", "2023-06-30"),
                 "registered")
        for kind, desc in (("job", "Giới thiệu việc làm cho con đã tốt nghiệp"),
                           ("vocational-training", "Học nghề sửa xe máy miễn phí"),
                           ("vocational-training", "Học nghề nấu ăn miễn phí"),
                           ("other", "Hỗ trợ thẻ bảo hiểm y tế cho người cao tuổi")):
            need(r.choice(self.households), kind, "", desc, "", self.day("2023-02-01", "2023-06-30"),
                 "registered")

        # Pairings: 25 households in especially difficult circumstances.
        pairings = []
        special = sorted(r.sample([h for h in self.households if h.special], F["pairings"]),
                         key=lambda h: (h.ward, h.code))
        for h in special:
            org = r.choice(["Hội Liên hiệp Phụ nữ phường ", "Hội Cựu chiến binh phường ",
                            "Hội Chữ thập đỏ phường "]) + w_name[h.ward]
            if r.random() < 0.35:
                org = r.choice(DISTRICT_ORGS)
            pairings.append("%s|%s|%s|%s|%s" % (h.ward, h.code, org,
                                                self.day("2023-01-05", "2023-03-25").isoformat(),
                                                r.choice(PAIRING_COMMITMENTS)))

        # Employment: the job weeks, placements and trainings there, referrals.
        jobweeks, jobs = [], []
        week_title = {}
        for w, start in JOB_WEEKS:
            title = "Tuần lễ việc làm phường " + w_name[w]
            week_title[w] = (title, d(start))
            jobweeks.append("%s|%s|%s|%s" % (w, title, start, (d(start) + dt.timedelta(days=4)).isoformat()))
        workers = {w: [p for h in self.by_ward[w] for p in h.members
                       if p.cccd and 1968 <= p.born.year <= 2005] for w in WARDS}

        def who(w):
            if r.random() < 0.5 and workers[w]:
                return (r.choice(workers[w]).cccd, "", "")
            sex = r.choice(["nam", "nữ"])
            born = self.birth(1970, 2005)
            return ("", self.name(sex), self.cccd(sex, born) if r.random() < 0.6 else "")

        def spread(total, n, least):
            v = [least] * n
            for _ in range(total - least * n):
                v[r.randrange(n)] += 1
            return v

        events = []
        for kind, total, pairs in (("job-placement", F["placements"], EMPLOYERS),
                                   ("vocational-training", F["trainings"], TRAINERS)):
            for (w, _), n in zip(JOB_WEEKS, spread(total, len(JOB_WEEKS), 5)):
                title, start = week_title[w]
                for _ in range(n):
                    emp, trade = r.choice(pairs)
                    events.append((w, kind, title, start + dt.timedelta(days=r.randint(0, 4)), who(w),
                                   emp, trade))
        for n, lo, hi in ((F["referrals_q1"], "2023-01-03", "2023-03-31"),
                          (REFERRALS_LATER, "2023-04-03", "2023-12-22")):
            for _ in range(n):
                w = r.choice(WARDS)
                events.append((w, "employment-centre-referral", "", self.day(lo, hi), who(w), CENTRE,
                               r.choice(REFERRAL_TRADES)))
        for _ in range(PLACEMENTS_OUTSIDE):
            w = r.choice(WARDS)
            emp, trade = r.choice(EMPLOYERS)
            events.append((w, "job-placement", "", self.day("2023-01-09", "2023-12-15"), who(w), emp, trade))
        events.sort(key=lambda e: (e[0], e[3], e[1]))
        for w, kind, title, when, (cccd, name, cid), emp, trade in events:
            jobs.append("|".join((w, kind, title, when.isoformat(), cccd, name, cid, emp, trade)))

        # Programme distributions: the 0-đồng market of An Khê's Women's
        # Union every month, the school's bread cabinet every 1–2 months.
        dists = []
        ak = self.by_ward["AK"]
        ill_first = sorted(ak, key=lambda h: (not any(p.illness for p in h.members), h.code))
        for month in range(1, 13):
            day = dt.date(2023, month, 1)
            day += dt.timedelta(days=(6 - day.weekday()) % 7 + 7)  # the second Sunday
            goods = []
            for item, unit, price, lo, hi in r.sample(MARKET_GOODS, 4):
                q = r.randint(lo, hi) * (10 if unit == "quả" else 1)
                goods.append("%s:%d:%s:%d" % (item, q, unit, q * price))
            hh = sorted(r.sample(ill_first[:max(12, len(ak) // 3)], r.randint(5, 8)), key=lambda h: h.code)
            donors = ["Hội Liên hiệp Phụ nữ phường An Khê"] + r.choice(
                [["Đơn vị 906"], ["Sư đoàn 372 (f372)"], ["Đơn vị 906", "Sư đoàn 372 (f372)"]])
            group = r.randint(1, 40)
            dists.append("AK|Chợ 0 đồng|%s|%d|%d|%s|%s|%s|Tổ chức tại nhà văn hóa tổ %d; hàng do hội viên "
                         "và các đơn vị quân đội ủng hộ" % (day.isoformat(), group, r.randint(60, 110),
                                                            ";".join(goods), " ".join(h.code for h in hh),
                                                            ";".join(donors), group))
        for w, when in BREAD_SESSIONS:
            bread, vouchers = r.randrange(280, 420, 10), r.randrange(90, 200, 10)
            hh = sorted(r.sample(self.by_ward[w], 3), key=lambda h: h.code)
            dists.append("%s|Tủ bánh mì 1.000 đồng|%s||%d|bánh mì:%d:ổ:%d;phiếu ăn:%d:phiếu:%d|%s|"
                         "Trường Tiểu học Trần Cao Vân|Giáo viên chở bánh còn lại bằng xe đạp đến các hộ" % (
                             w, when, bread, bread, bread * 1000, vouchers, vouchers * 10000,
                             " ".join(h.code for h in hh)))

        expected = ["%s|%s|2023|%s" % (h.ward, h.code, "Có trong danh sách đối thoại đầu năm"
                                        if h.code in dialogue_of else "Theo kết quả rà soát năm 2022")
                    for h in self.households if h.expected]
        recognize = ["%s|%s|2023|2023-12-20|QĐ công nhận kết quả rà soát năm 2023" % (h.ward, h.code)
                     for h in self.households if h.ward in ("AK", "KD")]

        self.out.update(dialogues=dialogues, needs=needs, supports=supports, pairings=pairings,
                        jobweeks=jobweeks, jobs=jobs, distributions=dists, expected=expected,
                        recognize=recognize)

    # ------------------------------------------------------------ writing

    def write(self, outdir):
        os.makedirs(outdir, exist_ok=True)

        def csv(name, header, rows):
            with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(header + "\n")
                for row in rows:
                    f.write(",".join(str(x) for x in row) + "\n")

        def txt(name, comment, rows):
            with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as f:
                f.write("# Generated by sql/demo/generate.py.\n" + comment + "\n")
                for row in rows:
                    f.write(row + "\n")

        hh = self.households
        csv("households.csv", "phường,mã hộ,chủ hộ,tổ dân phố,địa chỉ,hộ chính sách,"
            "hoàn cảnh đặc biệt khó khăn,diện hộ,từ ngày",
            ((h.ward, h.code, h.members[0].name, h.group, h.address, "x" if h.policy else "",
              "x" if h.special else "", h.status, "01/01/2022") for h in hh))
        csv("members.csv", "phường,mã hộ,họ và tên,ngày sinh,giới tính,số cccd,quan hệ với chủ hộ,"
            "mức độ khuyết tật,bệnh hiểm nghèo,nghề nghiệp",
            ((h.ward, h.code, p.name, vn_date(p.born), p.sex, p.cccd, p.relation, p.disability,
              p.illness, p.job) for h in hh for p in h.members))
        # Tết gifts of Quý Mão (January 2023), from the Fund for the Poor.
        csv("supports.csv", "ward,household,kind,description,amount_vnd,given_on,fund",
            ((h.ward, h.code, "tet-gift", "Quà Tết Quý Mão", 1000000 if h.status == "nghèo" else 500000,
              "2023-01-12", "poor-fund") for h in hh))
        rows = []
        for year, attr, month in ((2022, "a2022", 11), (2023, "a2023", 11)):
            for h in hh:
                inc, dep = getattr(h, attr)
                day = dt.date(year, month, 1 + (sum(map(ord, h.code)) + year) % 28)
                rows.append([h.ward, h.code, year, day.isoformat(), "urban", inc]
                            + ["x" if i in dep else "" for i in INDICATORS]
                            + ["Cán bộ LĐ-TB&XH phường"])
        csv("assessments.csv", "ward,household,year,assessed_on,area,income_vnd," + ",".join(INDICATORS)
            + ",reviewer", rows)
        with open(os.path.join(HERE, "orgs.txt"), encoding="utf-8") as f:
            orgs = [x.rstrip("\n") for x in f if x.strip() and not x.startswith("#")]
        o = self.out
        txt("orgs.txt", "# name|kind|ward (empty: not of one ward; added with the district token)", orgs)
        txt("dialogues.txt", "# ward|key (needs.txt names it)|date|title|households (space-separated codes)|note",
            o["dialogues"])
        txt("needs.txt", "# ward|household|kind|member (citizen ID)|description|estimate|surveyed|dialogue (key)|"
            "outcome|verified on|decided on (approved or rejected)|given on|fund|organization|amount|"
            "wrong amount (entered first, then reversed)", o["needs"])
        txt("supports.txt", "# ward|household|kind|member (citizen ID)|description|amount|given|fund|organization",
            o["supports"])
        txt("pairings.txt", "# ward|household|organization|signed|commitment", o["pairings"])
        txt("jobweeks.txt", "# ward|title|from|to", o["jobweeks"])
        txt("jobs.txt", "# ward|kind|job week (title, empty: none)|date|member (citizen ID)|or name|citizen ID|"
            "employer|trade", o["jobs"])
        txt("distributions.txt", "# ward|programme|date|residential group|beneficiaries|goods (ITEM:QTY:UNIT:VND;…)|"
            "households|donors (names;…)|note", o["distributions"])
        # The bulk reviews are in assessments.csv; Mr Hoành's review for 2027,
        # under the 2027–2030 standard, is entered with assess add.
        txt("assessments.txt", "# ward|household|year|assessed on|income|deprived (comma-separated, or none)",
            ["KD|KD-031-07|2027|2026-11-20|2500000|adult-education,internet-access,waste-handling"])
        txt("expected.txt", "# ward|household|year|note", o["expected"])
        txt("recognize.txt", "# ward|household|year|on|decision", o["recognize"])
        n_members = sum(len(h.members) for h in hh)
        poor22 = sum(1 for h in hh if h.status == "nghèo")
        with open(os.path.join(outdir, "figures.txt"), "w", encoding="utf-8") as f:
            f.write("# Generated by sql/demo/generate.py: what the files hold.\n")
            for k, v in FIGURES.items():
                f.write("%s=%d\n" % (k, v))
            f.write("households=%d\nmembers=%d\npoor_2022=%d\nnear_poor_2022=%d\n" % (
                len(hh), n_members, poor22, len(hh) - poor22))
            f.write("tet_gift_vnd=%d\n" % sum(1000000 if h.status == "nghèo" else 500000 for h in hh))


def main():
    ap = argparse.ArgumentParser(description="Generate the demo district (Thanh Khê, 2023).")
    ap.add_argument("outdir", help="directory to write the files into")
    ap.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="households as a share of 1,500 (default 1; 0.2 to 4)")
    a = ap.parse_args()
    g = Gen(a.seed, a.scale)
    g.households_and_members()
    g.review()
    g.plan()
    g.write(a.outdir)


if __name__ == "__main__":
    main()
