"""Reading files: which files, which encoding, and a clear one-line error for what cannot be read."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import iter_input_files, read_page, read_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"
REPORT = "青山区今年新建充电桩 300个，覆盖全部街道。"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _assert_one_line_naming(err: pytest.ExceptionInfo, path: Path) -> str:
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


# --- which files ---------------------------------------------------------------------------------


def test_folders_are_searched_recursively_for_txt_in_sorted_order(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/deeper/D.TXT", "notes.md", "sub/e.txt.bak"]:
        _write(tmp_path / name, REPORT.encode())
    found = iter_input_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/D.TXT"]
    assert iter_input_files([tmp_path]) == found


def test_files_are_taken_as_given_and_listed_once(tmp_path):
    page = _write(tmp_path / "page.md", REPORT.encode())
    other = _write(tmp_path / "x" / "a.txt", REPORT.encode())
    assert iter_input_files([page, tmp_path / "x", other]) == [page, other]


def test_missing_path_is_an_input_error(tmp_path):
    missing = tmp_path / "no-such-page.txt"
    with pytest.raises(InputError) as err:
        iter_input_files([missing])
    assert "does not exist" in _assert_one_line_naming(err, missing)


def test_folder_without_txt_files_is_an_input_error(tmp_path):
    _write(tmp_path / "readme.md", b"nothing here")
    with pytest.raises(InputError) as err:
        iter_input_files([tmp_path])
    assert ".txt" in _assert_one_line_naming(err, tmp_path)


# --- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-be-bom", "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path, encoding, expected):
    text = SAMPLE.read_text(encoding="utf-8")
    data = b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    decoded, name = read_text(_write(tmp_path / "page.txt", data))
    assert decoded == text
    assert name == expected


def test_big5_is_not_misread_as_gb18030(tmp_path):
    # GB18030 decodes these bytes without error, into private-use garbage; Big5 is the right reading.
    text = "繁體中文測試，這是一個句子。我們今天去學校上課，老師說明天要考試。"
    decoded, name = read_text(_write(tmp_path / "big5.txt", text.encode("big5")))
    assert decoded == text
    assert name.replace("_", "").lower() in ("big5", "cp950", "big5hkscs")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_sample_in_other_encodings_gives_the_same_articles(tmp_path, encoding):
    def articles(page):
        return [(a.headline, a.subheadline, a.unit, a.body, [(x.name, x.role, x.org) for x in a.authors])
                for a in page.articles]

    reference = read_page(SAMPLE)
    page = read_page(_write(tmp_path / "sample_page.txt", SAMPLE.read_text(encoding="utf-8").encode(encoding)))
    assert articles(page) == articles(reference)
    assert page.banner == reference.banner
    assert page.encoding == read_text(tmp_path / "sample_page.txt")[1]
    first = page.articles[0].sentences[0]
    assert page.text[first.source_start : first.source_end].replace("\n", "") == first.text


# --- what cannot be read -------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", "\u3000\n".encode("utf-8")])
def test_empty_file_is_an_input_error(tmp_path, data):
    path = _write(tmp_path / "empty.txt", data)
    with pytest.raises(InputError) as err:
        read_text(path)
    assert "empty" in _assert_one_line_naming(err, path)


def test_png_bytes_are_a_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    path = _write(tmp_path / "photo.txt", png)
    with pytest.raises(InputError) as err:
        read_page(path)
    assert "binary" in _assert_one_line_naming(err, path)


def test_control_characters_without_nul_are_a_binary_file(tmp_path):
    path = _write(tmp_path / "dump.txt", bytes(range(1, 9)) * 40 + b"abc")
    with pytest.raises(InputError) as err:
        read_text(path)
    assert "binary" in _assert_one_line_naming(err, path)


def test_undecodable_bytes_ask_to_resave_as_utf8(tmp_path):
    text = "本报讯 今年以来，青山区新建充电桩300个，覆盖全部街道和社区。".encode("utf-8") * 3
    path = _write(tmp_path / "broken.txt", text[:40] + b"\xff" + text[40:])
    with pytest.raises(InputError) as err:
        read_text(path)
    message = _assert_one_line_naming(err, path)
    assert "UTF-8" in message and "re-save" in message


def test_a_folder_given_as_a_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        read_text(tmp_path)
    _assert_one_line_naming(err, tmp_path)


# --- what is not plain text (kg.ingest.sniff) ------------------------------------------------------
HTML = "<!DOCTYPE html><html><head><title>某社区</title></head><body><p>某某街道办事处组织开展核酸检测。</p></body></html>\n"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBT (Hello) Tj ET\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize("name, data, reason", [
    ("page.txt", HTML.encode("utf-8"), "HTML page"),
    ("feed.txt", ("<?xml version='1.0'?><rss><item><title>某社区</title></item></rss>\n").encode("utf-8"), "XML file"),
    ("report.txt", PDF, "PDF document"),
    ("table.txt", b"id,name\n" + b"".join(b"%d,row%d\n" % (i, i) for i in range(200)), "no Chinese text"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG file (binary)"),
])
def test_what_is_not_plain_text_is_refused_with_its_reason(tmp_path, name, data, reason):
    path = _write(tmp_path / name, data)
    with pytest.raises(InputError) as err:
        read_text(path)
    message = _assert_one_line_naming(err, path)
    assert reason in message and "--force-text" in message


def test_force_text_reads_markup_as_text(tmp_path):
    path = _write(tmp_path / "page.txt", HTML.encode("utf-8"))
    text, _ = read_text(path, force_text=True)
    assert "核酸检测" in text


def test_news_with_a_few_tags_or_numbers_is_text(tmp_path):
    text = REPORT + "<br>\n" + "2022年3月5日，某某社区检测 12,345 人次，阳性 0 例。\n" * 3
    path = _write(tmp_path / "news.txt", text.encode("utf-8"))
    assert read_text(path)[0] == text


def test_no_real_report_is_refused():
    files = [SAMPLE, *sorted((ROOT.parent / "shared" / "eval" / "dev" / "news").glob("*.txt"))]
    for path in files:
        read_text(path)  # raises if refused


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path, encoding):
    text = SAMPLE.read_text(encoding="utf-8")
    path = _write(tmp_path / "u16.txt", text.encode(encoding))
    decoded, used = read_text(path)
    assert decoded == text and used == encoding


def test_one_file_by_several_paths_is_listed_once(tmp_path, monkeypatch):
    page = _write(tmp_path / "pages" / "a.txt", REPORT.encode("utf-8"))
    (tmp_path / "link.txt").symlink_to(page)
    monkeypatch.chdir(tmp_path)
    assert iter_input_files([page, "pages/a.txt", tmp_path / "link.txt", tmp_path / "pages"]) == [page]


def test_linked_folders_are_followed_once_and_loops_cut(tmp_path):
    top = tmp_path / "top"
    _write(top / "a.txt", REPORT.encode("utf-8"))
    other = tmp_path / "other"
    _write(other / "b.txt", REPORT.encode("utf-8"))
    (top / "loop").symlink_to(top, target_is_directory=True)
    (top / "x").symlink_to(other, target_is_directory=True)
    (top / "y").symlink_to(other, target_is_directory=True)
    assert [p.name for p in iter_input_files([top])] == ["a.txt", "b.txt"]
