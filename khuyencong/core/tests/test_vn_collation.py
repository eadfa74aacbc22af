"""Vietnamese alphabetical order for lists of names (core.text.vn_sort_key)."""

from khuyencong.core.text import vn_sort_key


def test_vietnamese_alphabet_then_tones():
    names = ["Đắk Lắk", "Cao Bằng", "Cà Mau", "Điện Biên", "An Giang", "Bắc Ninh", "Ân Thi", "Ba Vì", "Dương"]
    assert sorted(names, key=vn_sort_key) == [
        "An Giang",
        "Ân Thi",
        "Ba Vì",
        "Bắc Ninh",
        "Cà Mau",
        "Cao Bằng",
        "Dương",
        "Đắk Lắk",
        "Điện Biên",
    ]


def test_tones_only_break_ties():
    assert sorted(["mã", "ma", "mà", "mả", "má", "mạ"], key=vn_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted(["ơ", "ô", "o", "ư", "u"], key=vn_sort_key) == ["o", "ô", "ơ", "u", "ư"]
    assert sorted(["Hà Tĩnh", "Hà Nội", "Hải Phòng", "Huế"], key=vn_sort_key) == [
        "Hà Nội",
        "Hà Tĩnh",
        "Hải Phòng",
        "Huế",
    ]
    assert vn_sort_key("Hà Nội") == vn_sort_key("Hà  Nội")
