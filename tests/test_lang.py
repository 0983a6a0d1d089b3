"""The human text in two languages (issue 10): one catalogue per language with the same keys, every code
said in each, Simplified Chinese with no Traditional character but the user's own, the same JSON in both
but for its sentences, and the language chosen by --lang, JJPOLICY_LANG or the locale."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main
from jjpolicy.explain import explain
from jjpolicy.model import parse_facts
from jjpolicy.result import CHECK_ORDER, REASON_ORDER
from jjpolicy.words import LANGS, Msg, choose_lang, convert, en, words, zh

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
SMALL = ROOT / "facts" / "small.json"
DATA = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
SUBJECTS = [s["id"] for s in DATA["subjects"]]


def run(*args, env=None):
    res = CliRunner().invoke(main, list(args), env=env)
    assert res.exit_code == 0, res.output
    return res.stdout


# ---- the catalogues ------------------------------------------------------------------------------


def test_there_are_two_languages_and_their_catalogues_have_the_same_keys():
    assert LANGS == ("en", "zh")
    assert sorted(en.TEXT) == sorted(zh.TEXT)


@pytest.mark.parametrize("code", REASON_ORDER + ("no_facts",))
def test_every_reason_code_has_a_chinese_name(code):
    said = words("zh").field(code, "code")
    assert said != code and re.search(r"[\u4e00-\u9fff]", said), code


@pytest.mark.parametrize("kind", CHECK_ORDER + ("attr",))
def test_every_kind_of_check_is_said_in_chinese_met_and_not_met(kind):
    for state in ("met", "not_met"):
        text = zh.TEXT[f"check.{kind}.{state}"]
        assert re.search(r"[\u4e00-\u9fff]", text), (kind, state, text)
        assert text != en.TEXT[f"check.{kind}.{state}"]


def test_the_chinese_catalogue_is_simplified():
    for key, text in zh.TEXT.items():
        assert convert(text, "t2s") == text, key


def test_kinds_and_levels_are_the_policys_words():
    w = words("zh")
    assert [w.field(k, "level") for k in ("national", "provincial", "quanzhou", "jinjiang")] == [
        "国家级",
        "省级",
        "泉州市级",
        "晋江市级",
    ]
    assert w.field("industrial_enterprise", "kind") == "工业企业"
    assert w.field("specialized_sme", "type") == "专精特新"
    assert w.field("2.1", "measure") == "2.1 鼓励更新生产设备"
    assert w.field(2, "digital_level") == "二级"


def test_the_converter_writes_the_policys_words_in_simplified_characters():
    for traditional, simplified in [
        ("晉政規〔2025〕5號", "晋政规〔2025〕5号"),
        ("萬元", "万元"),
        ("產業", "产业"),
        ("製造", "制造"),
        ("首次超過", "首次超过"),
        ("專精特新“小巨人”", "专精特新“小巨人”"),
    ]:
        assert convert(traditional, "t2s") == simplified


def test_money_in_chinese_is_written_as_people_write_it_there():
    from jjpolicy.words import Q

    w = words("zh")
    assert w.field(Decimal("1234567.89"), "yuan") == "1,234,567.89 元"
    assert w.field(Q(Decimal("5000000"), "money"), "fig") == "500万元"  # the policy's 500萬元
    assert w.field(Q(Decimal("500000000"), "money"), "fig") == "5亿元"  # 5億元
    assert w.field(Q(Decimal("2500.5"), "money"), "fig") == "2,500.50 元"
    assert w.field(Q(Decimal("0.25"), "share"), "q") == "25%"


# ---- the same JSON in both languages, but for its sentences -------------------------------------

HUMAN = {"because", "detail", "warnings", "text", "audit", "gloss"}


def _blank(value):
    """The value with every human sentence blanked (the keys stay, and the length of each list)."""
    if isinstance(value, dict):
        return {k: (_blank_text(v) if k in HUMAN else _blank(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v) for v in value]
    return value


def _blank_text(v):
    if isinstance(v, list):
        return ["" for _ in v]
    return None if v is None else ""


COMMANDS = {
    "evaluate": ["evaluate", str(PORTFOLIO), "--format", "json"],
    "evaluate-2026": ["evaluate", str(PORTFOLIO), "--format", "json", "--year", "2026"],
    "whatif": ["whatif", str(SMALL), "--subject", "E001", "--set", "events.P1.equipment_purchase=4999999.99", "--format", "json"],
    "measures": ["measures", "--format", "json"],
    **{f"explain-{s}": ["explain", str(PORTFOLIO), "--subject", s, "--format", "json"] for s in SUBJECTS},
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_is_the_same_in_both_languages_but_for_its_sentences(name):
    en_out = run(*COMMANDS[name], "--lang", "en")
    zh_out = run(*COMMANDS[name], "--lang", "zh")
    assert en_out != zh_out or name == "measures"  # measures' JSON has no sentence of ours
    blank_en = json.dumps(_blank(json.loads(en_out)), ensure_ascii=False)
    blank_zh = json.dumps(_blank(json.loads(zh_out)), ensure_ascii=False)
    assert blank_en == blank_zh


def test_json_keeps_the_clause_verbatim_and_glosses_it_in_the_readers_language():
    en_x = json.loads(
        run("explain", str(PORTFOLIO), "--subject", "E05", "--item", "2.1/equipment_update", "--format", "json", "--lang", "en")
    )
    zh_x = json.loads(
        run("explain", str(PORTFOLIO), "--subject", "E05", "--item", "2.1/equipment_update", "--format", "json", "--lang", "zh")
    )
    (e,), (z,) = en_x["entries"], zh_x["entries"]
    assert z["clause"]["original"] == e["clause"]["original"]
    assert "設備更新項目" in z["clause"]["original"]  # Traditional, as the policy is written
    assert e["clause"]["gloss"].startswith("Equipment renewal projects")
    assert z["clause"]["gloss"].startswith("对符合以下条件的企业实施的设备更新项目")  # the measure, Simplified
    assert zh_x["policy"] == en_x["policy"] == "晉政規〔2025〕5號"  # an identifier


# ---- no Traditional character in Chinese output, but the user's own ------------------------------


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


USERS = sorted(_strings(DATA) | _strings(json.loads(SMALL.read_text(encoding="utf-8"))), key=len, reverse=True)


def _without_users_text(out: str) -> str:
    for s in USERS:
        out = out.replace(s, "")
    return out


def _assert_simplified(out: str, what: str) -> None:
    text = _without_users_text(out)
    assert re.search(r"[\u4e00-\u9fff]", text), what
    converted = convert(text, "t2s")
    if converted != text:
        bad = sorted({a for a, b in zip(text, converted) if a != b})
        raise AssertionError(f"{what}: Traditional characters {bad}")


def _verbatim_removed(x: dict) -> dict:
    """explain JSON without the policy's words that it keeps verbatim by design (clause section, title,
    original; the policy's name, an identifier)."""
    x = dict(x, policy="")
    for e in x.get("entries", []):
        e["clause"].update(section="", title="", original="")
    return x


ZH_TEXTS = {
    "evaluate table": ["evaluate", str(PORTFOLIO)],
    "evaluate json": ["evaluate", str(PORTFOLIO), "--format", "json"],
    "whatif": ["whatif", str(SMALL), "--subject", "E001", "--set", "events.P1.equipment_purchase=4999999.99"],
    "measures": ["measures"],
    "help": ["--help"],
    **{f"explain {s}": ["explain", str(PORTFOLIO), "--subject", s] for s in SUBJECTS},
    **{f"explain md {s}": ["explain", str(PORTFOLIO), "--subject", s, "--format", "md"] for s in ("E01", "E05")},
    "explain no facts": ["explain", str(PORTFOLIO), "--subject", "E05", "--item", "6.3/regional_brand"],
    "explain unreached": ["explain", str(PORTFOLIO), "--subject", "E01", "--item", "1.4/output_over_20b"],
}


@pytest.mark.parametrize("name", sorted(ZH_TEXTS))
def test_chinese_output_has_no_traditional_character_but_the_users(name):
    out = run(*ZH_TEXTS[name], "--lang", "zh")
    if name == "evaluate json":
        out = json.dumps(dict(json.loads(out), policy=""), ensure_ascii=False)
    _assert_simplified(out, name)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_chinese_explain_json_has_no_traditional_character_but_the_users_and_the_verbatim_clause(subject):
    out = json.loads(run("explain", str(PORTFOLIO), "--subject", subject, "--format", "json", "--lang", "zh"))
    _assert_simplified(json.dumps(_verbatim_removed(out), ensure_ascii=False), subject)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_chinese_report_has_no_traditional_character_but_the_users(fmt, tmp_path):
    out = tmp_path / f"r.{fmt}"
    run("report", str(PORTFOLIO), "--out", str(out), "--format", fmt, "--lang", "zh")
    text = out.read_text(encoding="utf-8")
    assert "晋政规〔2025〕5号 审核报告" in text
    _assert_simplified(text, fmt)


# ---- one award and one denial, checked against text written by hand ------------------------------

# E03's instruments (facts/portfolio.json): TC0, a 泉州市級 企業技術中心 since 2023-11-15; R1 600,000 on
# 2025-03-10 (before 2025-06-15: 參照執行, A17) and R2 650,000.55 on 2025-09-05: 1,250,000.55 counted in
# 2025 >= 100萬元 (A18), 10% = 125,000.055 -> 125,000.05 (rounded down to the fen), under the 50萬元 cap.
# R3 900,000 on 2026-05-12 is all of 2026: below 100萬元 by 100,000.
E03_INSTRUMENTS_ZH = """\
E03 晉江市福味食品有限公司
合计 935,000.05 元

2.2/rd_instruments · 2025 年 · 依据 R1、R2 · 获得奖励 125,000.05 元
  条款 二、引领产业焕新蝶变 (二)鼓励加强技术创新 [2.2]
    「泉州市级及以上企业技术中心、工业设计中心,当年度新购置100万元以上研发设计仪器设备的,按购置总额的10%给予补助,最高限额50万元。」
  条件（[x] 满足，[ ] 不满足，[-] 不适用）：
    [x] events[R1] 日期为 2025-03-10，在 2025-01-01 至 2026-12-31 内（2025-06-15 正式施行前：参照执行，解读 A17）
    [x] 主体为工业企业
    [x] 主体在晋江注册
    [x] 2025-03-10 已有泉州市级及以上企业技术中心或工业设计中心（events[TC0]，泉州市级企业技术中心，自 2023-11-15 起；解读 A23）
    [x] 2025 年计入的研发设计仪器设备购置合计 1,250,000.55 元，达到 100万元（解读 A18）
    [x] events[R2] 日期为 2025-09-05，在 2025-01-01 至 2026-12-31 内
    [x] 2025-09-05 已有泉州市级及以上企业技术中心或工业设计中心（events[TC0]，泉州市级企业技术中心，自 2023-11-15 起；解读 A23）
  核算：10% × 1,250,000.55 元 = 125,000.055 元，向下取整到分为 125,000.05 元；上限 50万元；实付 125,000.05 元
  决定结果的解读：A17、A18、A23

2.2/rd_instruments · 2026 年 · 依据 R3 · 不予奖励
  条款 二、引领产业焕新蝶变 (二)鼓励加强技术创新 [2.2]
    「泉州市级及以上企业技术中心、工业设计中心,当年度新购置100万元以上研发设计仪器设备的,按购置总额的10%给予补助,最高限额50万元。」
  条件（[x] 满足，[ ] 不满足，[-] 不适用）：
    [x] events[R3] 日期为 2026-05-12，在 2025-01-01 至 2026-12-31 内
    [x] 主体为工业企业
    [x] 主体在晋江注册
    [x] 2026-05-12 已有泉州市级及以上企业技术中心或工业设计中心（events[TC0]，泉州市级企业技术中心，自 2023-11-15 起；解读 A23）
    [ ] 2026 年计入的研发设计仪器设备购置合计 900,000 元，低于 100万元（2.2：以上），差 100,000 元（解读 A18）
  原因 未达标准（below_threshold）：2026 年计入的研发设计仪器设备购置合计 900,000 元，低于 100万元（2.2：以上），差 100,000 元（解读 A18）
  决定结果的解读：A18、A23

"""


def test_a_chinese_explanation_of_an_award_and_a_denial_reads_as_written_by_hand():
    out = run("explain", str(PORTFOLIO), "--subject", "E03", "--item", "2.2/rd_instruments", "--lang", "zh")
    assert out == E03_INSTRUMENTS_ZH


# ---- choosing the language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "env, lang",
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "JJPOLICY_LANG": "en"}, "en"),
        ({"LANG": "en_US.UTF-8", "JJPOLICY_LANG": "zh"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_jjpolicy_lang_then_the_locale(env, lang):
    assert choose_lang(None, env) == lang


def test_lang_wins_over_the_environment_and_the_locale(monkeypatch):
    monkeypatch.delenv("JJPOLICY_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "合计" in run("evaluate", str(SMALL))
    assert "Portfolio total" in run("evaluate", str(SMALL), "--lang", "en")
    assert "Portfolio total" in run("--lang", "en", "evaluate", str(SMALL))
    monkeypatch.setenv("JJPOLICY_LANG", "en")
    assert "Portfolio total" in run("evaluate", str(SMALL))
    assert "合计" in run("evaluate", str(SMALL), "--lang", "zh")


def test_an_unknown_language_is_refused_with_exit_2(monkeypatch):
    res = CliRunner().invoke(main, ["evaluate", str(SMALL), "--lang", "fr"])
    assert res.exit_code == 2
    monkeypatch.setenv("JJPOLICY_LANG", "fr")
    res = CliRunner().invoke(main, ["evaluate", str(SMALL)])
    assert res.exit_code == 2 and "JJPOLICY_LANG" in res.stderr and res.stdout == ""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["evaluate", "-h"], ["explain", "--help"], ["report", "-h"], ["whatif", "-h"], ["measures", "-h"]],
)
def test_help_in_either_language_and_with_h(args):
    out_en = run(*args, "--lang", "en")
    out_zh = run(*args, "--lang", "zh")
    assert "Usage:" in out_en and "Options:" in out_en
    assert "用法：" in out_zh and "选项：" in out_zh
    assert run("--lang", "zh", *args) == out_zh  # --lang before or after --help


def test_help_states_the_years_and_that_set_repeats():
    assert "2025, 2026" in run("evaluate", "--help", "--lang", "en")
    assert "2025、2026" in run("explain", "--help", "--lang", "zh")
    assert "Repeat --set" in run("whatif", "--help", "--lang", "en")
    assert "可重复使用 --set" in run("whatif", "--help", "--lang", "zh")


# ---- readings are data, not text -----------------------------------------------------------------


def test_a_reading_id_in_the_users_text_is_not_taken_for_a_reading():
    # The other policy's name says "A5"; explain's decided_by used to be read back from the sentences with
    # a regex, and took it for reading A5. 1.2's 30,000 beats the other policy's 1,000 (從優).
    data = {
        "schema": "jjpolicy.facts/1",
        "subjects": [
            {
                "id": "E1",
                "name": "n",
                "kind": "industrial_enterprise",
                "years": {"2025": {"strategic_emerging_output": 30000000, "industrial_output": 90000000}},
                "events": [{"id": "S1", "type": "strategic_emerging_new", "date": "2025-07-01"}],
                "other_awards": [{"event": "S1", "policy": "A5 政策", "amount": 1000}],
            }
        ],
    }
    (e,) = explain(parse_facts(data), "E1", "1.2/new_strategic_emerging").entries
    assert e.status == "granted"
    assert any("A5 政策" in str(c.text) for c in e.conditions)
    assert "A5" not in e.decided_by


def test_reasons_and_conditions_carry_their_readings():
    result = jjpolicy.evaluate(json.loads(SMALL.read_text(encoding="utf-8")))
    (d,) = [d for d in result.subject("E001").denied if d.item == "1.4/output_over_500m"]
    assert [(r.code, r.readings) for r in d.reasons] == [("not_first_time", ("A4",))]
    assert isinstance(d.reasons[0].detail, Msg)
    x = explain(parse_facts(DATA), "E03", "2.2/rd_instruments")
    granted = x.entries[0]
    assert {r for c in granted.conditions for r in c.readings} == {"A17", "A18", "A23"}
    assert granted.decided_by == ("A17", "A18", "A23")
