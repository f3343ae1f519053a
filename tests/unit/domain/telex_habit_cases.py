"""Typing habits from Unikey and bamboo, as key sequences and the text they must give.

Each case names the habit it shows and where that habit comes from (the ``SOURCES`` keys; the
table in docs/telex.md says what each source is). Old-style tone placement (the default).
Shared by the engine tests (tests/unit/domain/test_telex_habits.py) and the on-screen keyboard
tests (tests/ui/test_keyboard_telex_habits.py).
"""

from __future__ import annotations

from typing import NamedTuple


class HabitCase(NamedTuple):
    keys: str
    expected: str
    habit: str
    source: str


#: where a habit was read; docs/telex.md has the full references
SOURCES = {
    "bamboo-test": "bamboo-core bamboo_test.go (BambooEngine/bamboo-core)",
    "bamboo-fork-test": "bamboo-core bamboo_test.go (LotusInputMethod/bamboo-core fork)",
    "bamboo-uow": "bamboo-core bamboo.go applyUowShortcut, bamboo_utils.go",
    "bamboo-im": "bamboo-core input_method_def.go (Telex key rules)",
    "unikey-engine": "Unikey ukengine.cpp (vn-input/ibus-unikey, fcitx5-unikey)",
    "unikey-tables": "Unikey ukengine.cpp VSeqList, VCPairList, isValidCV",
}

HABITS = frozenset(
    {
        "canonical",  # one Telex key per mark, typed where it belongs
        "horn-spread",  # "uw" then "o": the horn covers ươ once a letter follows
        "late-tone",  # the tone key at the end of the word, after the final consonant
        "late-mark",  # â ê ô ă ơ ư đ keys typed after the rest of the word
        "lone-w",  # "w" on its own is ư
        "undo",  # the same key again undoes and types the letter
        "capitals",  # capitals and Shift kept, whatever the case of the mark key
        "uo-roof",  # ư+o then "o" gives uô
        "abbreviation-dd",  # "dd" in a word of consonants only (NĐ, HĐND)
        "rime",  # a mark or tone the syllable cannot carry is a plain letter
        "k-final",  # "k" after ă (Đắk Lắk)
        "spell-check",  # what is not a Vietnamese syllable keeps its letters
    }
)

_B = "bamboo-test"
_BF = "bamboo-fork-test"
_BU = "bamboo-uow"
_BI = "bamboo-im"
_U = "unikey-engine"
_UT = "unikey-tables"

HABIT_TABLE: tuple[HabitCase, ...] = (
    # --- bamboo-core's own Telex cases (bamboo_test.go), as written there ---
    HabitCase("aw", "ă", "canonical", _B),
    HabitCase("uwow", "ươ", "horn-spread", _B),
    HabitCase("chuaarn", "chuẩn", "late-tone", _B),
    HabitCase("giamaf", "giầm", "late-mark", _B),
    HabitCase("ddafi", "đài", "late-tone", _B),
    HabitCase("mootj", "một", "canonical", _B),
    HabitCase("Thuow", "Thuơ", "capitals", _B),
    HabitCase("VIEETJ", "VIỆT", "capitals", _B),
    HabitCase("dd", "đ", "canonical", _B),
    HabitCase("wowfi", "ười", "lone-w", _B),
    HabitCase("catr", "catr", "rime", _B),
    HabitCase("toowi", "tơi", "late-mark", _B),
    HabitCase("tooss", "tôs", "undo", _B),
    HabitCase("tosos", "tôs", "undo", _B),
    HabitCase("ww", "w", "undo", _B),
    HabitCase("wiw", "uiw", "undo", _B),
    HabitCase("duwoi", "dươi", "horn-spread", _B),
    HabitCase("gisa", "giá", "late-mark", _B),
    HabitCase("kimso", "kímo", "late-tone", _B),
    HabitCase("toorr", "tôr", "undo", _B),
    HabitCase("tnoss", "tnos", "undo", _B),
    HabitCase("tooi oo HIEEUR", "tôi ô HIỂU", "capitals", _B),
    HabitCase("NGUOIW", "NGƯƠI", "late-mark", _B),
    HabitCase("duwongwj", "duongwj", "undo", _B),
    HabitCase("bieecs", "biếc", "canonical", _B),
    HabitCase("uese", "uế", "late-mark", _B),
    HabitCase("loz", "loz", "undo", _B),
    HabitCase("losz", "lo", "undo", _B),
    HabitCase("tôifs", "tối", "late-tone", _B),
    HabitCase("hanhj", "hạnh", "late-tone", _B),
    HabitCase("sawss", "săs", "undo", _BF),
    HabitCase("noww", "now", "undo", _B),
    HabitCase("reff", "ref", "undo", _B),
    HabitCase("aloo", "aloo", "spell-check", _B),  # bamboo's "alô" needs its spell check off
    HabitCase("Zalo", "Zalo", "spell-check", _U),
    HabitCase("Linux", "Linux", "spell-check", _U),
    HabitCase("covid", "covid", "spell-check", _U),
    HabitCase("Eddie", "Eddie", "spell-check", _U),
    # --- the bamboo fork's extra cases (TestDoubleTyping, TestFreeCVSpelling, ...) ---
    HabitCase("buwoo", "buô", "uo-roof", _BF),
    HabitCase("buowco", "buôc", "uo-roof", _BF),
    HabitCase("cuoiwo", "cuôi", "uo-roof", _BF),
    HabitCase("acha", "acha", "rime", _BF),
    HabitCase("nhuw", "như", "canonical", _BF),
    HabitCase("tooi", "tôi", "canonical", _BF),
    HabitCase("chuyểnz", "chuyên", "undo", _BF),
    HabitCase("nhueej", "nhuệ", "canonical", _BF),
    HabitCase("cuongw", "cương", "late-mark", _BF),
    HabitCase("quawcj", "quặc", "canonical", _BF),
    HabitCase("loanj", "loạn", "late-tone", _BF),
    HabitCase("tốif", "tồi", "late-tone", _BF),
    HabitCase("tốiz", "tôi", "undo", _BF),
    HabitCase("boawjm", "boặm", "late-tone", _BF),
    HabitCase("khoawsm", "khoắm", "late-tone", _BF),
    HabitCase("tak", "tak", "rime", _BF),
    HabitCase("tawsk", "tắk", "k-final", _BF),
    HabitCase("ddawks", "đắk", "k-final", _BF),
    HabitCase("w", "ư", "lone-w", _BF),
    HabitCase("bw", "bư", "lone-w", _BF),
    HabitCase("W", "Ư", "lone-w", _BF),
    # --- horn spreading over ươ (bamboo's uow shortcut; Unikey before a final consonant) ---
    HabitCase("nguwoif", "người", "horn-spread", _BU),
    HabitCase("nguwoi", "ngươi", "horn-spread", _BU),
    HabitCase("tuwoi", "tươi", "horn-spread", _BU),
    HabitCase("muwoif", "mười", "horn-spread", _BU),
    HabitCase("ruwouj", "rượu", "horn-spread", _BU),
    HabitCase("huwou", "hươu", "horn-spread", _BU),
    HabitCase("duwong", "dương", "horn-spread", _U),
    HabitCase("Duwowng", "Dương", "canonical", _U),
    HabitCase("phuwongf", "phường", "horn-spread", _U),
    HabitCase("truwongf", "trường", "horn-spread", _U),
    HabitCase("dduwongf", "đường", "horn-spread", _U),
    HabitCase("tuwongr", "tưởng", "horn-spread", _U),
    HabitCase("thuwongf", "thường", "horn-spread", _U),
    HabitCase("cuwongf", "cường", "horn-spread", _U),
    HabitCase("luwong", "lương", "horn-spread", _U),
    HabitCase("vuwongj", "vượng", "horn-spread", _U),
    HabitCase("huwongs", "hướng", "horn-spread", _U),
    HabitCase("duwocj", "dược", "horn-spread", _U),
    HabitCase("dduwocj", "được", "horn-spread", _U),
    HabitCase("truwocs", "trước", "horn-spread", _U),
    HabitCase("nuwocs", "nước", "horn-spread", _U),
    HabitCase("buwowcs", "bước", "canonical", _U),
    HabitCase("muwonj", "mượn", "horn-spread", _U),
    HabitCase("thuowng", "thương", "horn-spread", _U),
    HabitCase("huowngf", "hường", "horn-spread", _U),
    HabitCase("thuowr", "thuở", "horn-spread", _U),
    HabitCase("nguwowif", "người", "canonical", _U),
    HabitCase("nguwof", "ngừo", "horn-spread", _BU),  # nothing after the o yet
    HabitCase("nguwofi", "người", "horn-spread", _BU),  # the tone moves to the ơ
    # --- tone and mark keys typed at the end of the word (free marking) ---
    HabitCase("tiengse", "tiếng", "late-mark", _U),
    HabitCase("tienges", "tiếng", "late-mark", _U),
    HabitCase("nguyenxe", "nguyễn", "late-mark", _U),
    HabitCase("Nguyenex", "Nguyễn", "late-mark", _U),
    HabitCase("Tranaf", "Trần", "late-mark", _U),
    HabitCase("Tranfa", "Trần", "late-mark", _U),
    HabitCase("Phuongwf", "Phường", "late-mark", _U),
    HabitCase("phuongfw", "phường", "late-mark", _U),
    HabitCase("dangwd", "đăng", "late-mark", _U),
    HabitCase("dongd", "đong", "late-mark", _U),
    HabitCase("Dongdf", "Đòng", "late-mark", _U),
    HabitCase("Dongfdo", "Đồng", "late-mark", _U),
    HabitCase("chungws", "chứng", "late-mark", _U),
    HabitCase("thucwj", "thực", "late-mark", _U),
    HabitCase("khaur", "khảu", "late-tone", _U),
    HabitCase("khaura", "khẩu", "late-mark", _U),
    HabitCase("vieetj", "việt", "canonical", _U),
    HabitCase("vietej", "việt", "late-mark", _U),
    HabitCase("vietje", "việt", "late-mark", _U),
    HabitCase("hoanf", "hoàn", "late-tone", _U),
    HabitCase("hoafn", "hoàn", "canonical", _U),
    HabitCase("quyeetsj", "quyệt", "late-tone", _U),
    HabitCase("quyetse", "quyết", "late-mark", _U),
    HabitCase("nghiax", "nghĩa", "late-tone", _U),
    HabitCase("chuyenre", "chuyển", "late-mark", _U),
    HabitCase("tuongwf", "tường", "late-mark", _U),
    HabitCase("nguoiwf", "người", "late-mark", _U),
    HabitCase("muoiwf", "mười", "late-mark", _U),
    # --- lone w as ư (Unikey processTelexW; bamboo "Telex 2" and w2u) ---
    HabitCase("thw", "thư", "lone-w", _U),
    HabitCase("tw", "tư", "lone-w", _U),
    HabitCase("nhwng", "nhưng", "lone-w", _U),
    HabitCase("Wowcs", "Ước", "lone-w", _BI),
    HabitCase("wf", "ừ", "lone-w", _BI),
    HabitCase("trwowngf", "trường", "lone-w", _BI),
    HabitCase("chwngs", "chứng", "lone-w", _U),
    HabitCase("thwcj", "thực", "lone-w", _U),
    HabitCase("Trwowngf", "Trường", "lone-w", _U),
    HabitCase("khw", "khư", "lone-w", _U),
    HabitCase("kw", "kw", "lone-w", _UT),  # k never goes with ư
    HabitCase("www", "ww", "undo", _BF),
    # --- undo by repeating a key ---
    HabitCase("ass", "as", "undo", _U),
    HabitCase("aaa", "aa", "undo", _U),
    HabitCase("eee", "ee", "undo", _U),
    HabitCase("ooo", "oo", "undo", _U),
    HabitCase("aww", "aw", "undo", _U),
    HabitCase("oww", "ow", "undo", _U),
    HabitCase("uww", "uw", "undo", _U),
    HabitCase("ddd", "dd", "undo", _U),
    HabitCase("hoff", "hof", "undo", _U),
    HabitCase("hoaff", "hoaf", "undo", _U),
    HabitCase("ajj", "aj", "undo", _U),
    HabitCase("xoas", "xóa", "canonical", _U),
    HabitCase("asf", "à", "undo", _U),
    HabitCase("asz", "a", "undo", _U),
    HabitCase("Nguyeenxx", "Nguyênx", "undo", _U),
    HabitCase("Traanff", "Trânf", "undo", _U),
    # --- capitals ---
    HabitCase("NGUYEENX", "NGUYỄN", "capitals", _U),
    HabitCase("NGUYENEX", "NGUYỄN", "capitals", _U),
    HabitCase("TRAANF", "TRẦN", "capitals", _U),
    HabitCase("PHUWOWNGF", "PHƯỜNG", "capitals", _U),
    HabitCase("PHUWONGF", "PHƯỜNG", "capitals", _BU),
    HabitCase("DDAWNG KYS", "ĐĂNG KÝ", "capitals", _U),
    HabitCase("Dd", "Đ", "capitals", _U),
    HabitCase("DD", "Đ", "capitals", _U),
    HabitCase("dD", "đ", "capitals", _U),
    HabitCase("nguyeenX", "nguyễn", "capitals", _U),
    HabitCase("HOAF", "HÒA", "capitals", _U),
    # --- marks and tones the syllable cannot carry (Unikey's rime tables) ---
    HabitCase("hocf", "hocf", "rime", _U),
    HabitCase("batx", "batx", "rime", _U),
    HabitCase("anhw", "anhw", "rime", _UT),
    HabitCase("eechs", "ếch", "canonical", _UT),
    HabitCase("ddaks", "đaks", "rime", _BF),
    # --- abbreviations with đ (Unikey processDd: a word of consonants only) ---
    HabitCase("NDD-CP", "NĐ-CP", "abbreviation-dd", _U),
    HabitCase("QDD-UBND", "QĐ-UBND", "abbreviation-dd", _U),
    HabitCase("HDDND", "HĐND", "abbreviation-dd", _U),
    HabitCase("TDD", "TĐ", "abbreviation-dd", _U),
    HabitCase("SDD", "SĐ", "abbreviation-dd", _BF),
    HabitCase("NDDD", "NDD", "undo", _U),
    HabitCase("Todd", "Todd", "abbreviation-dd", _U),
    HabitCase("oddp", "oddp", "abbreviation-dd", _U),
    HabitCase("UBND", "UBND", "abbreviation-dd", _U),
    # --- Đắk Lắk and other ă + k names (bamboo's ăk rime) ---
    HabitCase("Ddawks Lawks", "Đắk Lắk", "k-final", _BF),
    HabitCase("DDAWKS LAWKS", "ĐẮK LẮK", "k-final", _BF),
    HabitCase("Ddawsk Lawsk", "Đắk Lắk", "k-final", _BF),
    # --- names, typed with the habits above ---
    HabitCase("Nguyeenx Vawn Hungf", "Nguyễn Văn Hùng", "canonical", _U),
    HabitCase("Nguyenxe Thij Huwowng", "Nguyễn Thị Hương", "late-mark", _U),
    HabitCase("Traanf Minh Quaan", "Trần Minh Quân", "canonical", _U),
    HabitCase("Leee", "Lee", "undo", _U),
    HabitCase("Phamj Thuyf Duwong", "Phạm Thùy Dương", "horn-spread", _U),
    HabitCase("Hoangf Vawn Cuwongf", "Hoàng Văn Cường", "horn-spread", _U),
    HabitCase("Huynhf Ngocj Phuwowngj", "Huỳnh Ngọc Phượng", "canonical", _U),
    HabitCase("Huynhf Ngocj Phuwongj", "Huỳnh Ngọc Phượng", "horn-spread", _U),
    HabitCase("Phan Thanhf Trung", "Phan Thành Trung", "canonical", _U),
    HabitCase("Vux Thij Thu Thuyr", "Vũ Thị Thu Thủy", "canonical", _U),
    HabitCase("Vox Thij Saus", "Võ Thị Sáu", "canonical", _U),
    HabitCase("DDawngj Quoocs Baor", "Đặng Quốc Bảo", "canonical", _U),
    HabitCase("Bufi Thij Nguyeetj", "Bùi Thị Nguyệt", "late-mark", _U),
    HabitCase("Ddoox Minh Ddwcs", "Đỗ Minh Đức", "lone-w", _U),
    HabitCase("Hoof Thij Tuyeets", "Hồ Thị Tuyết", "canonical", _U),
    HabitCase("Ngoo Baor Chaau", "Ngô Bảo Châu", "canonical", _U),
    HabitCase("Dduwong Vawn Luwongj", "Đương Văn Lượng", "horn-spread", _U),
    HabitCase("Lys Thij Khueee", "Lý Thị Khuee", "undo", _U),
    HabitCase("Lys Thij Khuee", "Lý Thị Khuê", "canonical", _U),
    HabitCase("Truwong Thij Thuowng", "Trương Thị Thương", "horn-spread", _U),
    HabitCase("Quachs Thij Quyeen", "Quách Thị Quyên", "canonical", _U),
    HabitCase("Toon Thaats Thuyeets", "Tôn Thất Thuyết", "canonical", _U),
    HabitCase("Luwu Thij Hoaf", "Lưu Thị Hòa", "canonical", _U),
    HabitCase("Kieeuf Thanh Thuyr", "Kiều Thanh Thủy", "canonical", _U),
    HabitCase("Nguyeenx Thij Ngocj Anhs", "Nguyễn Thị Ngọc Ánh", "canonical", _U),
    # --- procedure vocabulary ---
    HabitCase("hooj khaaur", "hộ khẩu", "canonical", _U),
    HabitCase("hojo khauar", "hộ khẩu", "late-mark", _U),
    HabitCase("ddawng kys khai sinh", "đăng ký khai sinh", "canonical", _U),
    HabitCase("dangwd kys khai tuwr", "đăng ký khai tử", "late-mark", _U),
    HabitCase("ddawng kys keets hoon", "đăng ký kết hôn", "canonical", _U),
    HabitCase("tamj trus", "tạm trú", "canonical", _U),
    HabitCase("tamj vawngs", "tạm vắng", "canonical", _U),
    HabitCase("thuwowngf trus", "thường trú", "canonical", _U),
    HabitCase("thuwongf trus", "thường trú", "horn-spread", _U),
    HabitCase("chuwngs thuwcj", "chứng thực", "canonical", _U),
    HabitCase("chwngs thwcj banr sao", "chứng thực bản sao", "lone-w", _U),
    HabitCase("chuwngs thuwcj chuwx kys", "chứng thực chữ ký", "canonical", _U),
    HabitCase("hooj tichj", "hộ tịch", "canonical", _U),
    HabitCase("trichs lucj", "trích lục", "canonical", _U),
    HabitCase("canw cuwowcs coong daan", "căn cước công dân", "canonical", _U),
    HabitCase("canw cuwocs", "căn cước", "horn-spread", _U),
    HabitCase(
        "xacs nhaanj tinhf trangj hoon nhaan", "xác nhận tình trạng hôn nhân", "canonical", _U
    ),
    HabitCase("giaays uyr quyeenf", "giấy ủy quyền", "canonical", _U),
    HabitCase("nguwoif yeeu caauf", "người yêu cầu", "horn-spread", _U),
    HabitCase("nguwoif dduwocj uyr quyeenf", "người được ủy quyền", "horn-spread", _U),
    HabitCase("leej phis", "lệ phí", "canonical", _U),
    HabitCase("hoof sow", "hồ sơ", "canonical", _U),
    HabitCase("noopj hoof sow", "nộp hồ sơ", "canonical", _U),
    HabitCase("trar keets quar", "trả kết quả", "canonical", _U),
    HabitCase("ngayf sinh", "ngày sinh", "canonical", _U),
    HabitCase("nowi cuw trus", "nơi cư trú", "lone-w", _U),
    HabitCase("daan toocj Kinh", "dân tộc Kinh", "canonical", _U),
    HabitCase("quoocs tichj Vieetj Nam", "quốc tịch Việt Nam", "canonical", _U),
    HabitCase("soos ddieenj thoaij", "số điện thoại", "canonical", _U),
    HabitCase("ddiaj chir", "địa chỉ", "canonical", _U),
    HabitCase("Uyr ban nhaan daan phuwongf", "Ủy ban nhân dân phường", "horn-spread", _U),
    # --- places in Hanoi ---
    HabitCase("Phuwowngf Hoanf Kieems", "Phường Hoàn Kiếm", "canonical", _U),
    HabitCase("Phuwongf Ba DDinhf", "Phường Ba Đình", "horn-spread", _U),
    HabitCase("DDoongs DDa", "Đống Đa", "canonical", _U),
    HabitCase("Hai Baf Truwng", "Hai Bà Trưng", "canonical", _U),
    HabitCase("Caauf Giaays", "Cầu Giấy", "canonical", _U),
    HabitCase("Long Bieen", "Long Biên", "canonical", _U),
    HabitCase("Thanh Xuaan", "Thanh Xuân", "canonical", _U),
    HabitCase("Hoangf Mai", "Hoàng Mai", "canonical", _U),
    HabitCase("Taay Hoof", "Tây Hồ", "canonical", _U),
    HabitCase("thanhf phoos Haf Nooij", "thành phố Hà Nội", "canonical", _U),
)
