"""Hostile inputs for tests/test_hostile_inputs.py, tests/test_interrupt.py and
benchmarks/bench_hostile.py, generated here (made-up names, no text from any publisher), and a
helper that runs the real `kg` command in a subprocess.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

# made-up estate names: two to four of these characters and a suffix
_NAME_CHARS = "金华阳光新城东方明珠锦绣翠苑景和嘉丽都名门春天绿地云庭怡湖畔世纪海棠雅居紫荆福瑞祥泰安康宁"
_SUFFIXES = ("小区", "花园", "家园", "社区", "苑")
_CLAUSES = ("街道办事处组织", "社区工作人员开展", "核酸检测", "居家隔离", "志愿服务队", "卫生院医护人员",
            "区疫情防控指挥部", "环境消杀", "入户排查", "党员干部下沉")
_FILLER = ("连日来各方面工作有序推进", "大家纷纷表示一定积极配合", "现场秩序井然群众排队等候", "工作人员耐心细致地做好解释",
           "确保各项措施落实到位", "为群众生活提供了便利")


def estate_names(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    names: list[str] = []
    seen = set()
    while len(names) < n:
        name = "".join(rng.choice(_NAME_CHARS) for _ in range(rng.randint(2, 4))) + rng.choice(_SUFFIXES)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def list_notice(n_names: int = 300, seed: int = 1) -> str:
    """A 封控区 notice naming `n_names` estates in one sentence."""
    return "关于划定封控区的通告\n经研究决定，将以下区域划定为封控区：" + "、".join(estate_names(n_names, seed)) + "。\n"


def long_line(n_chars: int, seed: int = 2) -> str:
    """One line of Chinese without any punctuation: names and clauses run together."""
    rng = random.Random(seed)
    names = estate_names(500, seed)
    parts, size = [], 0
    while size < n_chars:
        # a name every thirty characters or so, as in news: text without punctuation, not a list
        part = rng.choice(names) + rng.choice(_CLAUSES) + rng.choice(_FILLER)
        parts.append(part)
        size += len(part)
    return "".join(parts)[:n_chars] + "\n"


def repeated_markers() -> str:
    """Byline, dateline and metadata markers repeated thousands of times."""
    lines = ["本报讯" * 3000, "（记者 张三 通讯员 李四）" * 500, "责任编辑：" * 2000, "记者\n" * 2000,
             "来源：某某网 作者：" * 1000, "2020-02-11 16:52 来源:某某网 作者:某某\n" * 500, "“" * 5000 + "。"]
    return "\n".join(lines) + "\n"


HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>某某社区开展核酸检测</title>"
    "<script>var config = {a: 1};</script></head>\n<body><div class=\"nav\"><a href=\"/\">首页</a></div>\n"
    "<div class=\"content\"><p>某某街道办事处组织社区工作人员开展核酸检测。</p></div></body></html>\n"
)
# a text-only PDF: no NUL byte anywhere, so it passes the old binary test
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 72 712 Td (Hello) Tj ET\nendstream endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def notice_folder(folder: Path, files: int, names_per_file: int = 120) -> Path:
    """A folder of distinct list notices: enough articles for several worker batches and a graph
    whose files take a moment to write."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (folder / f"notice_{i:03d}.txt").write_text(list_notice(names_per_file, seed=100 + i), encoding="utf-8")
    return folder


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def run_kg(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run(kg_command(*args), capture_output=True, text=True, timeout=timeout, env=env)
