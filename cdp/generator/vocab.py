"""Lookup data: the project's seeds (read from ``seeds/*.csv``) and the generator's own word lists."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def read_seed(name: str, seeds_dir: Path | None = None) -> list[dict[str, str]]:
    path = (seeds_dir or SEEDS_DIR) / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def words(text: str) -> list[str]:
    return text.split()


def weights(text: str) -> dict[str, float]:
    """'a:1 b:2.5' -> {'a': 1.0, 'b': 2.5}"""
    return {k: float(v) for k, v in (item.split(":") for item in text.split())}


def fold(text: str) -> str:
    """Remove Vietnamese diacritics, including Đ/đ which Unicode does not decompose."""
    text = text.replace("Đ", "D").replace("đ", "d")
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))


# Middle names by gender (0 = male, 1 = female) and optional second middle names.
MIDDLE_MALE = words("Văn Minh Hoàng Đức Quang Hữu Thanh Công Quốc Bảo Gia Xuân")
MIDDLE_FEMALE = words("Thị Ngọc Thu Kim Thanh Minh Bảo Phương Mỹ Hồng Khánh")
MIDDLE_SECOND = words("Ngọc Minh Thanh Bảo Gia Anh Hải Phương")
GIVEN_MALE = words(
    "An Bình Cường Dũng Duy Đạt Đông Đức Giang Hải Hiếu Hòa Hoàng Huy Hùng Hưng Khang Khánh Khoa "
    "Kiên Lâm Long Lộc Luân Minh Nam Nghĩa Nhân Phát Phong Phúc Quân Quang Sơn Tài Tâm Thắng "
    "Thành Thịnh Toàn Trí Trung Tuấn Tùng Việt Vinh Vũ Bảo Hiển Hậu"
)
GIVEN_FEMALE = words(
    "Anh Bích Chi Diệp Dung Đào Giang Hà Hằng Hạnh Hiền Hoa Hồng Huyền Hương Lan Liên Linh Loan "
    "Ly Mai My Nga Ngân Ngọc Nhi Nhung Oanh Phương Quỳnh Tâm Thảo Thanh Thu Thủy Thư Trang Trâm "
    "Tuyết Uyên Vân Vy Xuân Yến Hân Khánh Châu"
)

# International customers: (origin, family names, given names, family-name-first?, email domains, phone cc)
INTL_ORIGINS = [
    (
        "western",
        words("Smith Johnson Brown Williams Miller Davis Wilson Taylor Anderson Clark Martin Walker Dubois"),
        words(
            "John Emily Michael Sarah David Jessica James Laura Daniel Emma Thomas Olivia Robert Sophie Anna"
        ),
        False,
        ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"],
        [1, 44, 61],
    ),
    (
        "korean",
        words("Kim Lee Park Choi Jung Kang Cho Yoon"),
        words("Min-jun Seo-yeon Ji-hoon Ha-eun Do-yun Soo-ah Jae-won Yu-na"),
        True,
        ["naver.com", "gmail.com", "daum.net"],
        [82],
    ),
    (
        "japanese",
        words("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura"),
        words("Yuki Haruto Sakura Ren Aoi Sota Hina Kenji"),
        False,
        ["yahoo.co.jp", "gmail.com", "docomo.ne.jp"],
        [81],
    ),
    (
        "chinese",
        words("Wang Li Zhang Liu Chen Yang Huang Zhao Tan Lim"),
        words("Wei Fang Jie Lei Min Jing Hao Yan Xin Ming"),
        True,
        ["qq.com", "163.com", "gmail.com"],
        [86, 65],
    ),
]
INTL_ORIGIN_WEIGHTS = [0.45, 0.2, 0.15, 0.2]

# Foreign national significant number shapes: cc -> (leading digits options, total length, digit groups)
FOREIGN_PHONE = {
    1: (["415", "212", "646", "310", "206", "617"], 10, (3, 3, 4)),
    44: (["7700", "7911", "7400"], 10, (4, 6)),
    61: (["412", "423", "438"], 9, (3, 3, 3)),
    82: (["10"], 10, (2, 4, 4)),
    81: (["90", "80", "70"], 10, (2, 4, 4)),
    86: (["138", "139", "186", "135"], 11, (3, 4, 4)),
    65: (["9", "8"], 8, (4, 4)),
}

# Vietnamese mobile prefixes in use today (national significant number starts) and weights.
VN_MOBILE_PREFIXES = weights(
    "32:3 33:3 34:3 35:3 36:3 37:3 38:3 39:3 86:3 96:4 97:4 98:4 70:2 76:1 77:2 78:1 79:2 89:2 90:4 "
    "93:4 81:1 82:1 83:1 84:2 85:1 88:2 91:4 94:3 56:1 58:1 92:1 59:1 99:1 87:1 55:1"
)
# Landline area codes (national significant number starts) by province code; others use a generic list.
LANDLINE_AREA = {
    "ha_noi": "24",
    "ho_chi_minh": "28",
    "da_nang": "236",
    "hai_phong": "225",
    "can_tho": "292",
    "dong_nai": "251",
    "khanh_hoa": "258",
    "hue": "234",
    "quang_ninh": "203",
    "bac_ninh": "222",
}
LANDLINE_GENERIC = words("204 206 207 208 209 210 211 212 213 214 215 216 290")

PHONE_JUNK = ["abc", "123", "0000", "n/a", "-", "không có", "x", "."]

PROVINCE_WEIGHTS = weights(
    "ho_chi_minh:30 ha_noi:22 da_nang:5 hai_phong:5 dong_nai:4 can_tho:3 bac_ninh:3 khanh_hoa:2 "
    "hung_yen:2 quang_ninh:2 lam_dong:2 thanh_hoa:2 nghe_an:2"
)
PROVINCE_DEFAULT_WEIGHT = 0.8

# Former-province share of a current province's population (the rest lives in the "core" unit).
FORMER_SHARE = 0.35

STREETS = [
    "Nguyễn Huệ",
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
    "Cách Mạng Tháng Tám",
    "Nguyễn Trãi",
    "Võ Văn Tần",
    "Pasteur",
    "Nam Kỳ Khởi Nghĩa",
    "Phan Xích Long",
    "Láng Hạ",
    "Kim Mã",
    "Cầu Giấy",
    "Xuân Thủy",
    "Bạch Đằng",
    "Hùng Vương",
    "Quang Trung",
    "Lê Duẩn",
    "Nguyễn Văn Linh",
    "Phạm Văn Đồng",
    "Trường Chinh",
    "Võ Nguyên Giáp",
    "Nguyễn Thị Minh Khai",
    "Hoàng Diệu",
    "Phan Đình Phùng",
    "Tôn Đức Thắng",
    "Lạc Long Quân",
    "Âu Cơ",
]
DISTRICTS = {
    "ho_chi_minh": [
        "Quận 1",
        "Quận 3",
        "Quận 5",
        "Quận 7",
        "Quận 10",
        "Bình Thạnh",
        "Gò Vấp",
        "Phú Nhuận",
        "Tân Bình",
        "Thủ Đức",
        "Bình Tân",
        "Phường Bến Thành",
        "Phường Sài Gòn",
    ],
    "ha_noi": [
        "Ba Đình",
        "Hoàn Kiếm",
        "Đống Đa",
        "Cầu Giấy",
        "Hai Bà Trưng",
        "Thanh Xuân",
        "Long Biên",
        "Hà Đông",
        "Tây Hồ",
        "Nam Từ Liêm",
        "Phường Hoàn Kiếm",
    ],
    "da_nang": ["Hải Châu", "Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Liên Chiểu"],
}
DISTRICTS_GENERIC = [
    "Phường 1",
    "Phường 2",
    "Phường 3",
    "Phường Tân An",
    "Phường An Phú",
    "Xã Tân Phú",
    "Thị trấn Phú Mỹ",
    "Phường Trung Tâm",
]

VN_EMAIL_DOMAINS = {
    "gmail.com": 0.62,
    "yahoo.com": 0.07,
    "yahoo.com.vn": 0.06,
    "hotmail.com": 0.05,
    "outlook.com": 0.04,
    "icloud.com": 0.04,
    "fpt.com.vn": 0.03,
    "vnpt.vn": 0.02,
    "viettel.com.vn": 0.02,
    "company.vn": 0.03,
    "vng.com.vn": 0.02,
}
COMPANY_DOMAINS = {"fpt.com.vn", "vnpt.vn", "viettel.com.vn", "company.vn", "vng.com.vn"}
PLUS_TAGS = words("shop promo news vn sale 2024 a order")

CATEGORIES = {
    "fashion": [
        ("Áo thun cotton nam", 149_000),
        ("Áo sơ mi công sở nữ", 329_000),
        ("Quần jean slim fit", 459_000),
        ("Váy liền thân dáng xòe", 399_000),
        ("Áo khoác gió unisex", 549_000),
        ("Giày thể thao trắng", 890_000),
        ("Túi xách da mini", 690_000),
        ("Áo dài cách tân", 1_250_000),
        ("Nón lá truyền thống", 89_000),
        ("Dép quai ngang", 129_000),
    ],
    "beauty": [
        ("Son môi lì màu đỏ", 259_000),
        ("Kem chống nắng SPF50", 315_000),
        ("Sữa rửa mặt dịu nhẹ", 185_000),
        ("Nước tẩy trang 400ml", 229_000),
        ("Serum vitamin C", 499_000),
        ("Mặt nạ giấy (hộp 10)", 150_000),
        ("Dầu gội thảo dược", 120_000),
        ("Nước hoa nữ 50ml", 1_590_000),
    ],
    "home": [
        ("Nồi chiên không dầu 5L", 1_990_000),
        ("Bộ chăn ga gối cotton", 890_000),
        ("Chảo chống dính 28cm", 359_000),
        ("Ấm siêu tốc 1.8L", 299_000),
        ("Quạt đứng 5 cánh", 650_000),
        ("Bình giữ nhiệt 500ml", 210_000),
        ("Máy lọc không khí", 3_490_000),
        ("Đèn bàn LED", 245_000),
    ],
    "electronics": [
        ("Tai nghe Bluetooth", 690_000),
        ("Sạc dự phòng 10000mAh", 399_000),
        ("Cáp sạc USB-C 1m", 89_000),
        ("Ốp lưng điện thoại", 99_000),
        ("Loa bluetooth mini", 550_000),
        ("Chuột không dây", 259_000),
        ("Bàn phím cơ", 1_190_000),
        ("Đồng hồ thông minh", 2_490_000),
    ],
    "mom_baby": [
        ("Sữa bột trẻ em 800g", 520_000),
        ("Tã dán sơ sinh (gói 60)", 345_000),
        ("Bình sữa PP 240ml", 179_000),
        ("Khăn ướt em bé (lốc 3)", 95_000),
        ("Xe đẩy gấp gọn", 2_150_000),
        ("Đồ chơi xếp hình", 260_000),
    ],
    "grocery": [
        ("Cà phê rang xay 500g", 165_000),
        ("Trà ô long 200g", 140_000),
        ("Nước mắm Phú Quốc 500ml", 75_000),
        ("Bánh pía sầu riêng", 85_000),
        ("Hạt điều rang muối 500g", 210_000),
        ("Gạo ST25 5kg", 195_000),
        ("Mật ong rừng 500ml", 230_000),
        ("Kẹo dừa Bến Tre", 45_000),
    ],
}

STORES = [
    ("ho_chi_minh", 10),
    ("ha_noi", 8),
    ("da_nang", 3),
    ("hai_phong", 2),
    ("can_tho", 2),
    ("dong_nai", 1),
    ("khanh_hoa", 1),
    ("bac_ninh", 1),
    ("quang_ninh", 1),
    ("lam_dong", 1),
]

# Ad platforms: (abbreviation used in campaign ids, channel, currency of the ad account, utm source/medium).
AD_PLATFORMS = {
    "facebook": ("fb", "paid_social", "VND", ("facebook", "cpc")),
    "google": ("gg", "paid_search", "USD", ("google", "cpc")),
    "tiktok": ("tt", "paid_social", "VND", ("tiktok", "cpc")),
    "zalo": ("zl", "paid_social", "VND", ("zalo", "cpc")),
    "coccoc": ("cc", "paid_search", "VND", ("coccoc", "cpc")),
    "accesstrade": ("at", "affiliate", "VND", ("accesstrade", "affiliate")),
}
# Campaign themes: (theme, start month, start day, length in days, display name, intensity)
THEMES = {
    "tet_sale": (1, 5, 35, "Tết Sale", 3.0),
    "womens_day": (2, 25, 12, "Quốc tế Phụ nữ 8/3", 1.5),
    "holiday_30_4": (4, 20, 12, "Lễ 30/4 - 1/5", 1.5),
    "summer_sale": (6, 1, 45, "Summer Sale", 1.5),
    "back_to_school": (8, 10, 30, "Back to School", 1.2),
    "sale_9_9": (9, 1, 10, "Siêu sale 9.9", 2.0),
    "sale_10_10": (10, 1, 11, "Siêu sale 10.10", 2.0),
    "sale_11_11": (11, 1, 12, "Siêu sale 11.11", 3.0),
    "black_friday": (11, 20, 10, "Black Friday", 2.5),
    "sale_12_12": (12, 5, 9, "Siêu sale 12.12", 2.0),
    "always_on": (1, 1, 365, "Always-on", 0.6),
    "retargeting": (1, 1, 365, "Retargeting", 0.4),
    "display_retargeting": (1, 1, 365, "Display Retargeting", 0.3),
}
PLATFORM_THEMES = {
    "facebook": [
        "tet_sale",
        "womens_day",
        "summer_sale",
        "sale_9_9",
        "sale_10_10",
        "sale_11_11",
        "black_friday",
        "sale_12_12",
        "retargeting",
    ],
    "google": ["always_on", "tet_sale", "sale_11_11", "display_retargeting"],
    "tiktok": ["tet_sale", "sale_9_9", "sale_11_11", "sale_12_12"],
    "zalo": ["tet_sale", "holiday_30_4", "sale_11_11"],
    "coccoc": ["always_on"],
    "accesstrade": ["always_on", "sale_11_11"],
}
TIKTOK_FROM_YEAR = 2024
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "google": "Google",
    "tiktok": "TikTok",
    "zalo": "Zalo",
    "coccoc": "Cốc Cốc",
    "accesstrade": "AccessTrade",
}
# Organic / owned acquisition sources (utm_source, utm_medium) and weights.
ORGANIC_UTMS = [
    (("facebook", "social"), 0.3),
    (("zalo", "oa"), 0.15),
    (("google", "organic"), 0.3),
    (("tiktok", "social"), 0.1),
    (("coccoc", "organic"), 0.05),
    (("bing", "organic"), 0.1),
]
EMAIL_CAMPAIGN_THEMES = ["newsletter", "promo", "new_arrivals"]

WEB_PAGES = words(
    "/ /collections/fashion /collections/beauty /collections/home /collections/electronics "
    "/collections/mom-baby /collections/grocery /blog/meo-chon-size /khuyen-mai /search"
)
APP_SCREENS = ["app://home", "app://category", "app://search", "app://promotions", "app://account"]

CRM_LEAD_SOURCES = words("website hotline showroom facebook zalo referral event tiktok")
TICKET_CATEGORIES = words("order_issue delivery refund product_question account complaint other")
BAD_TIMESTAMPS = [
    "32/13/2024",
    "not a date",
    "2024-02-30",
    "31/02/2025 10:00",
    "2024-13-01T00:00:00Z",
    "0000-00-00 00:00:00",
    "N/A",
    "??/??/????",
    "hôm qua",
]
BAD_DATES = ["2024-02-30", "32/13/2024", "not a date", "2025-13-45", "N/A"]
BAD_AMOUNTS = ["abc", "N/A", "#VALUE!", "liên hệ", "???"]
BAD_QUANTITIES = ["0", "-1", "-2", "-5"]
BAD_CURRENCIES = ["XYZ", "VDN", "XXX"]
BAD_CSAT = ["0", "6", "9", "10", "-1"]
