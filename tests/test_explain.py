"""`explain`: conditions, clause quotes and audit lines an auditor can sign (issue: explain and report).

Every expected figure below is computed by hand from the policy text (晉政規〔2025〕5號) and the
default readings of shared/spec/measures.md and ambiguities.md, not copied from the engine's output.
The hand computation is written beside each case.

FAITHFULNESS: for every denial reason code of measures.md a subject is built that is denied with exactly
that one reason; then the one fact behind it is changed and the item must be granted (or move to another
reason, stated exactly). The explanation, `evaluate` and the change must agree.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jjpolicy import evaluate
from jjpolicy.cli import main
from jjpolicy.explain import ExplainError, explain
from jjpolicy.model import parse_facts

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
POLICY_FILE = ROOT / "docs" / "policy" / "jinzhenggui-2025-5.txt"
IND = "industrial_enterprise"

# ---- the sentences of the original text, copied from the policy file ------------------------------
Q_1_4 = "對年度工業產值首次超過5億元、100億元、200億元的晉江市重點工業企業,分別一次性獎勵5萬元、200萬元、500萬元。"
Q_1_2 = (
    "對當年度新增的工業戰略性新興產業年報企業,且工業戰新產品產值2000萬元及以上,"
    "或工業戰新產品產值占企業工業總產值50%及以上的,一次性獎勵3萬元。"
)
Q_1_3_SME = "對首次認定為工信部專精特新“小巨人”企業、省級專精特新中小企業,分別一次性獎勵20萬元、10萬元。"
Q_1_3_CHAMPION = "對首次列入工信部制造業單項冠軍企業(產品)、省級制造業單項冠軍企業的,分別一次性獎勵30萬元、15萬元。"
Q_2_1 = "對符合以下條件的企業實施的設備更新項目,按生產設備購置金額的5%給予補助,申報當年度最高補助限額300萬元。"
Q_2_3 = (
    "工業企業聘請專業管理咨詢機構開展咨詢診斷并提前向市工信局申報備案,項目總咨詢費在30萬元及以上的,"
    "按咨詢費10%的比例給予補助,最高補助限額30萬元。"
)
Q_2_5 = (
    "對新取得(不含復審)武器裝備質量管理體系認證、武器裝備科研生產單位保密資格、武器裝備科研生產許可、"
    "裝備承制單位資格的企業,分別一次性獎勵10萬元。"
)
Q_3_1_GREEN = "對列入國家級、省級綠色制造(綠色工廠、綠色供應鏈、綠色園區)名單的企業,分別一次性獎勵20萬元、10萬元;"
Q_3_2 = "對獲得產品碳足跡評估認證、首次通過能源管理體系認證的企業,給予一次性獎勵3萬元。"
Q_3_3 = "對消費綠電比例在30%以上的工業企業,在實施需求側管理、有序用電時予以優先保障。"
Q_3_4 = (
    "支持碳足跡評價、碳資產交易、綠色診斷、綠色認證、綠色技術轉化等綠色服務機構開展各類綠色服務,"
    "由市工信局牽頭會同協(商)會重點支持開展業務推廣,對2025年起兩年內營業收入首次超過1000萬元、2000萬元的,"
    "分別一次性獎勵10萬元、20萬元。"
)
Q_4_2_DEMO = (
    "對總投資200萬元以上的晉江市級制造業數字化轉型示范項目,項目在當年度建成投用,"
    "且配合開展行業數字技術應用推廣的,給予一次性30萬元獎勵。"
)
Q_4_3 = (
    "中小企業數字化轉型試點城市的試點企業采購數字化改造相關的軟件、云服務和網關、路由等必要的數據采集傳輸設備,"
    "按照泉州市認定的企業數字化改造投入(不含稅)的10%(即泉州市核定補助金額的20%)給予配套補助,"
    "改造后數字化水平達到二級、三級、四級的,每家補助最高不超過4萬元、6萬元、10萬元。"
    "工業互聯網平臺、系統服務商順應中小企業需求推出的小、快、輕、準的數智轉型制式套餐(系統解決方案),"
    "當年度應用中小企業數量在10家、20家、50家以上的,分別給予工業互聯網平臺、系統服務商10萬元、20萬元、30萬元系統開發投入補助。"
)
Q_4_3_SME = (
    "中小企業數字化轉型試點城市的試點企業采購數字化改造相關的軟件、云服務和網關、路由等必要的數據采集傳輸設備,"
    "按照泉州市認定的企業數字化改造投入(不含稅)的10%(即泉州市核定補助金額的20%)給予配套補助,"
    "改造后數字化水平達到二級、三級、四級的,每家補助最高不超過4萬元、6萬元、10萬元。"
)
Q_5_2_LOCAL = (
    "本市多個單位同時參與地方標準、團體標準制定的,只獎勵排位最前的一個單位,"
    "其中排位最前為主導的每項一次性獎勵5萬元,排位最前為參與的每項一次性獎勵2萬元。"
)
Q_5_2_PARTICIPATE = "對參與制修訂國際標準、國家標準、行業標準的單位,每項分別一次性獎勵20萬元、8萬元、5萬元。"
Q_5_2_LEAD_NATIONAL = "對主導制修訂國家標準、行業標準的單位,每項分別一次性獎勵20萬元、10萬元;"
Q_6_1 = (
    "行業協會(產業聯盟機構)聯合相關機構面向企業提供數智轉型、綠色變革、技術創新、工業設計、管理創新診斷、咨詢等公益服務,"
    "每年度提供公益服務企業數在20家以上(以出具的企業診斷咨詢報告為依據)的,經提前1周報市工信局審核同意,"
    "一次性給予組織方10萬元公益服務項目咨詢補貼。"
)
Q_6_2 = (
    "對晉江市級及以上政府部門指導或主辦,行業協會(產業聯盟機構)承辦的產研對接、設計資源對接、產能對接、產品促銷、"
    "赴省外商務考察、技能競賽、對標學習(精益管理、綠色低碳、數智轉型、研發設計)、業務培訓(技能培訓、安全生產培訓、"
    "精益管理培訓、綠色低碳培訓、數智轉型培訓、工業旅游培訓)、工業設計營、職稱評定等公共服務活動,有活動相關費用支出,"
    "參加活動晉江籍企業或晉江籍企業員工數量、活動時間、效果等達到相應標準要求的,經提前1周報市工信局備案,"
    "每場(次)給予組織方5萬元活動經費補助。"
)
Q_6_3 = (
    "行業協會(產業聯盟機構)開展區域品牌運作、建設選品中心集中展示推廣行業、企業品牌產品,"
    "按區域品牌運作、選品中心建設投入金額20%給予一次性獎勵,最高限額200萬元。"
)
ALL_QUOTES = [
    Q_1_4,
    Q_1_2,
    Q_1_3_SME,
    Q_1_3_CHAMPION,
    Q_2_1,
    Q_2_3,
    Q_2_5,
    Q_3_1_GREEN,
    Q_3_2,
    Q_3_3,
    Q_3_4,
    Q_4_2_DEMO,
    Q_4_3,
    Q_4_3_SME,
    Q_5_2_LOCAL,
    Q_5_2_PARTICIPATE,
    Q_5_2_LEAD_NATIONAL,
    Q_6_1,
    Q_6_2,
    Q_6_3,
]


# ---- helpers --------------------------------------------------------------------------------------
def facts(*subjects) -> dict:
    return {"schema": "jjpolicy.facts/1", "subjects": list(subjects)}


def subject(sid, kind, events=(), years=None, **more) -> dict:
    s = {"id": sid, "name": f"晉江測試單位{sid}", "kind": kind, "events": list(events)}
    if years is not None:
        s["years"] = years
    s.update(more)
    return s


def explain_dict(subj: dict, item=None, year=None) -> dict:
    x = explain(parse_facts(facts(subj)), subj["id"], item=item, year=year).to_dict()
    assert x["schema"] == "jjpolicy.explain/1"
    assert x["policy"] == "晉政規〔2025〕5號"
    assert x["subject"] == subj["id"]
    return x


def entry(x: dict, item: str, year: int | None, basis=()) -> dict:
    found = [e for e in x["entries"] if e["item"] == item and e["year"] == year and tuple(e["basis"]) == tuple(basis)]
    assert len(found) == 1, [(e["item"], e["year"], e["basis"]) for e in x["entries"]]
    return found[0]


def pairs(e: dict) -> list:
    return [(c["met"], c["code"]) for c in e["conditions"]]


def texts(e: dict) -> list:
    return [c["text"] for c in e["conditions"]]


def codes(e: dict) -> list:
    return [r["code"] for r in e["reasons"]]


def blocking(e: dict) -> set:
    """The failed conditions that keep the item out: every failed required condition, and the failed
    conditions of the alternatives when no alternative passes (distinct (code, text))."""
    out = {(c["code"], c["text"]) for c in e["conditions"] if c["met"] is False and c["alternative"] is None}
    alts: dict = {}
    for c in e["conditions"]:
        if c["alternative"] is not None:
            alts.setdefault(c["alternative"], []).append(c)
    if alts and not any(all(c["met"] is True for c in cs) for cs in alts.values()):
        out |= {(c["code"], c["text"]) for cs in alts.values() for c in cs if c["met"] is False}
    return out


def result_of(subj: dict):
    (s,) = evaluate(facts(subj)).subjects
    return s


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


# ---- the quotes are the policy's own words ---------------------------------------------------------
@pytest.mark.parametrize("quote", ALL_QUOTES, ids=lambda q: q[:12])
def test_every_quote_used_here_is_a_substring_of_the_policy_file(quote):
    assert quote in POLICY_FILE.read_text(encoding="utf-8")


# ==== 1. one case per section ======================================================================
def test_section_1_output_ladder_first_exceeded_not_the_boundary():
    # 1.4 首次超過5億元 (超過 excludes the figure): 2025 output 500,000,000 is not > 500,000,000 ->
    # below_threshold, 0.01 more needed; 2026 output 500,000,001 > 500,000,000 and no earlier recorded year (2024:
    # 400,000,000; 2025: 500,000,000) exceeded it -> 50,000 in 2026.
    s = subject(
        "E1",
        IND,
        years={
            "2024": {"industrial_output": 400000000, "key_industrial_enterprise": True},
            "2025": {"industrial_output": 500000000, "key_industrial_enterprise": True},
            "2026": {"industrial_output": 500000001, "key_industrial_enterprise": True},
        },
    )
    x = explain_dict(s, item="1.4/output_over_500m")
    assert x["total"] == Decimal("50000")
    assert [(e["item"], e["year"], e["status"]) for e in x["entries"]] == [
        ("1.4/output_over_500m", 2025, "denied"),
        ("1.4/output_over_500m", 2026, "granted"),
    ]
    e25 = entry(x, "1.4/output_over_500m", 2025)
    assert pairs(e25) == [
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "condition_not_met"),
        (False, "below_threshold"),
    ]
    assert texts(e25)[2] == "years.2025.key_industrial_enterprise is true"
    # the smallest output in fen that exceeds 500,000,000 is 500,000,000.01: 0.01 more
    assert texts(e25)[3] == (
        "years.2025.industrial_output 500,000,000 does not exceed 500,000,000 (1.4: 超過 excludes the figure itself), "
        "needs 0.01 more"
    )
    assert e25["reasons"] == [{"code": "below_threshold", "detail": texts(e25)[3]}]
    assert e25["amount"] is None and e25["audit"] is None and e25["basis"] == []
    e26 = entry(x, "1.4/output_over_500m", 2026)
    assert pairs(e26) == [
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "condition_not_met"),
        (True, "below_threshold"),
    ]
    assert texts(e26)[3] == "years.2026.industrial_output 500,000,001 exceeds 500,000,000 (1.4: 超過)"
    assert e26["amount"] == Decimal("50000")
    assert e26["audit"] == "fixed amount 50,000 (1.4)"
    assert e26["reasons"] == []
    for e in (e25, e26):
        assert e["clause"]["measure"] == "1.4"
        assert e["clause"]["section"] == "一、深化企業梯度培育"
        assert e["clause"]["title"] == "(四)培育重點工業企業"
        assert e["clause"]["original"] == Q_1_4
        assert "A4" in e["readings"]


def _s21(purchase):
    return subject(
        "E2",
        IND,
        [
            {
                "id": "P1",
                "type": "equipment_project",
                "date": "2025-09-01",
                "total_investment": 10000000,
                "equipment_purchase": purchase,
                "key_tech_renovation": True,
                "in_statistics": True,
            },
            {"id": "T1", "type": "specialized_sme", "level": "provincial", "date": "2024-01-01"},
        ],
    )


def test_section_2_equipment_update_one_yuan_short_on_path_b():
    # 2.1 path 2: a provincial 專精特新 title held since 2024-01-01 (before the project's date, A15),
    # 項目總投資1000萬元及以上: 10,000,000 >= 10,000,000; 購置額在200萬元及以上: 1,999,999 < 2,000,000,
    # 1 short. Path 1 has no 2024 figures at all. -> denied below_threshold (path b is the closest).
    x = explain_dict(_s21(1999999), item="2.1/equipment_update")
    e = entry(x, "2.1/equipment_update", 2025, ["P1"])
    assert e["status"] == "denied"
    assert [(c["met"], c["code"], c["alternative"]) for c in e["conditions"]] == [
        (True, "outside_validity", None),
        (True, "wrong_subject_kind", None),
        (True, "not_registered_in_jinjiang", None),
        (True, "condition_not_met", None),
        (True, "condition_not_met", None),
        (False, "condition_not_met", "a"),
        (False, "missing_fact", "a"),
        (None, "below_threshold", "a"),
        (False, "below_threshold", "a"),
        (False, "below_threshold", "a"),
        (True, "condition_not_met", "b"),
        (False, "below_threshold", "b"),
        (True, "below_threshold", "b"),
    ]
    t = texts(e)
    assert t[0] == "events[P1] is dated 2025-09-01, inside 2025-01-01 .. 2026-12-31"
    assert t[3] == "events[P1].in_statistics is true"
    assert t[4] == "events[P1].key_tech_renovation is true"
    assert t[5] == "years.2024.key_industrial_enterprise is not given"
    assert t[6] == "years.2024.industrial_output is missing"
    assert t[8] == "events[P1].equipment_purchase 1,999,999 is below 5,000,000 (2.1: 以上), 3,000,001 short"
    assert t[9] == "events[P1].total_investment 10,000,000 is below 20,000,000 (2.1: 以上), 10,000,000 short"
    assert t[10] == (
        "a 專精特新, 單項冠軍, 戰略性新興 or 創新型中小企業 title is held on or before 2025-09-01 "
        "(events[T1], specialized_sme provincial from 2024-01-01; reading A15)"
    )
    assert t[11] == "events[P1].equipment_purchase 1,999,999 is below 2,000,000 (2.1: 以上), 1 short"
    assert t[12] == "events[P1].total_investment 10,000,000 reaches 10,000,000 (2.1: 以上)"
    assert e["reasons"] == [{"code": "below_threshold", "detail": t[11]}]
    assert e["clause"]["measure"] == "2.1"
    assert e["clause"]["original"] == Q_2_1
    assert e["clause"]["title"] == "(一)鼓勵更新生產設備"
    assert e["decided_by"] == ["A15"]
    assert e["readings"] == ["A6", "A7", "A15", "A16", "A17"]


def test_section_2_equipment_update_at_exactly_the_threshold_is_granted_with_its_audit_line():
    # 2,000,000 >= 2,000,000 -> 5% x 2,000,000 = 100,000 (cap 3,000,000 not reached).
    x = explain_dict(_s21(2000000), item="2.1/equipment_update")
    e = entry(x, "2.1/equipment_update", 2025, ["P1"])
    assert e["status"] == "granted" and e["amount"] == Decimal("100000") and e["reasons"] == []
    assert texts(e)[11] == "events[P1].equipment_purchase 2,000,000 reaches 2,000,000 (2.1: 以上)"
    assert e["audit"] == "5% x 2,000,000 = 100,000, rounded down to the fen 100,000; cap 3,000,000; paid 100,000"
    assert x["total"] == Decimal("100000")


def test_section_2_management_consulting_audit_line():
    # 2.3: fee 333,333.33 >= 300,000, filed ahead; 10% x 333,333.33 = 33,333.333 -> rounded down to the
    # fen 33,333.33; cap 300,000 -> paid 33,333.33.
    s = subject(
        "E3", IND, [{"id": "M1", "type": "management_consulting", "date": "2025-07-01", "fee": "333333.33", "pre_filed": True}]
    )
    x = explain_dict(s)
    (e,) = x["entries"]
    assert (e["item"], e["year"], e["basis"], e["status"]) == ("2.3/management_consulting", 2025, ["M1"], "granted")
    assert e["amount"] == Decimal("33333.33")
    assert pairs(e) == [
        (True, "outside_validity"),
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "not_pre_filed"),
        (True, "below_threshold"),
    ]
    assert texts(e)[3] == "events[M1].pre_filed is true"
    assert texts(e)[4] == "events[M1].fee 333,333.33 reaches 300,000 (2.3: 以上)"
    assert e["audit"] == "10% x 333,333.33 = 33,333.333, rounded down to the fen 33,333.33; cap 300,000; paid 33,333.33"
    assert e["clause"]["measure"] == "2.3" and e["clause"]["original"] == Q_2_3
    assert x["total"] == Decimal("33333.33")


def test_section_3_green_service_revenue_ladder():
    # 3.4 首次超過1000萬元、2000萬元: 2025 revenue 20,000,000 > 10,000,000 (not > 20,000,000) -> over_10m
    # 100,000; 2026 revenue 20,000,001 > 20,000,000 first -> over_20m 200,000; 2026 over_10m is not a
    # first time (2025 exceeded it). Promotion support each year. Total 300,000.
    s = subject("G1", "green_service_institution", years={"2025": {"revenue": 20000000}, "2026": {"revenue": 20000001}})
    x = explain_dict(s)
    assert x["total"] == Decimal("300000")
    assert [(e["item"], e["year"], e["status"], e["amount"]) for e in x["entries"]] == [
        ("3.4/green_service_revenue/over_10m", 2025, "granted", Decimal("100000")),
        ("3.4/green_service_revenue/over_10m", 2026, "denied", None),
        ("3.4/green_service_revenue/over_20m", 2026, "granted", Decimal("200000")),
        ("3.4/promotion_support", 2025, "support", None),
        ("3.4/promotion_support", 2026, "support", None),
    ]
    e = entry(x, "3.4/green_service_revenue/over_10m", 2026)
    assert pairs(e) == [
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "below_threshold"),
        (False, "not_first_time"),
    ]
    assert texts(e)[0] == "the subject is a green service institution (綠色服務機構)"
    assert texts(e)[2] == "years.2026.revenue 20,000,001 exceeds 10,000,000 (3.4: 超過)"
    assert e["reasons"] == [
        {
            "code": "not_first_time",
            "detail": "the figure already exceeded this tier in 2025: 首次超過 is a first time only (reading A4)",
        }
    ]
    assert e["decided_by"] == ["A4"]
    e20 = entry(x, "3.4/green_service_revenue/over_20m", 2026)
    assert texts(e20)[2] == "years.2026.revenue 20,000,001 exceeds 20,000,000 (3.4: 超過)"
    assert e20["audit"] == "fixed amount 200,000 (3.4)"
    for e in x["entries"]:
        assert e["clause"]["measure"] == "3.4"
        assert e["clause"]["original"] == Q_3_4
        assert e["clause"]["section"] == "三、支持產業向綠升級"


def test_section_3_green_power_share_below_30_percent():
    # 3.3 綠電比例在30%以上 (以上 includes): 0.29 -> 0.01 short; 0.3 -> support.
    s = subject("E4", IND, years={"2025": {"green_power_share": Decimal("0.29")}, "2026": {"green_power_share": Decimal("0.3")}})
    x = explain_dict(s, item="3.3/green_power_priority")
    e25 = entry(x, "3.3/green_power_priority", 2025)
    assert e25["status"] == "denied"
    assert pairs(e25) == [(True, "wrong_subject_kind"), (True, "not_registered_in_jinjiang"), (False, "below_threshold")]
    assert texts(e25)[2] == "years.2025.green_power_share 0.29 is below 0.30 (3.3: 以上), 0.01 short"
    assert codes(e25) == ["below_threshold"]
    e26 = entry(x, "3.3/green_power_priority", 2026)
    assert (e26["status"], e26["amount"], e26["audit"]) == ("support", None, None)
    assert pairs(e26)[-1] == (True, "below_threshold")
    assert e25["clause"]["original"] == Q_3_3


def test_section_4_sme_digital_capped_at_the_level_reached():
    # 4.3: 10% x 654,321.19 = 65,432.119 -> 65,432.11 at the fen; 數字化水平三級 -> at most 60,000 -> 60,000.
    # The 2026 retrofit reaches only level 1 (< 二級): below_threshold, 1 short (reading A10: nothing).
    s = subject(
        "E5",
        "enterprise",
        [
            {
                "id": "R1",
                "type": "sme_digital_retrofit",
                "date": "2025-08-01",
                "recognized_investment": "654321.19",
                "digital_level": 3,
                "pilot": True,
            },
            {
                "id": "R2",
                "type": "sme_digital_retrofit",
                "date": "2026-05-01",
                "recognized_investment": 300000,
                "digital_level": 1,
                "pilot": True,
            },
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("60000")
    e = entry(x, "4.3/sme_digital", 2025, ["R1"])
    assert (e["status"], e["amount"]) == ("granted", Decimal("60000"))
    assert pairs(e) == [
        (True, "outside_validity"),
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "condition_not_met"),
        (True, "below_threshold"),
    ]
    assert texts(e)[3] == "events[R1].pilot is true"
    assert texts(e)[4] == "events[R1].digital_level 3 reaches 2 (4.3: 以上) (reading A10)"
    assert e["audit"] == (
        "10% x 654,321.19 = 65,432.119, rounded down to the fen 65,432.11; "
        "cap 40,000 at level(2), 60,000 at level(3), 100,000 at level(4); paid 60,000"
    )
    e2 = entry(x, "4.3/sme_digital", 2026, ["R2"])
    assert e2["status"] == "denied"
    assert pairs(e2)[-1] == (False, "below_threshold")
    assert texts(e2)[-1] == "events[R2].digital_level 1 is below 2 (4.3: 以上), 1 short (reading A10)"
    assert codes(e2) == ["below_threshold"]
    for en in (e, e2):
        assert en["clause"]["measure"] == "4.3"
        assert en["clause"]["original"] == Q_4_3_SME


def test_section_5_local_standard_only_the_top_jinjiang_unit():
    # 5.2 只獎勵排位最前的一個單位: group standard, lead, jinjiang_rank 2 -> not_top_jinjiang_unit;
    # local standard, participate, rank 1 -> 20,000.
    s = subject(
        "E6",
        "enterprise",
        [
            {"id": "S1", "type": "standard", "date": "2025-10-01", "level": "group", "role": "lead", "jinjiang_rank": 2},
            {"id": "S2", "type": "standard", "date": "2025-11-01", "level": "local", "role": "participate", "jinjiang_rank": 1},
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("20000")
    e1 = entry(x, "5.2/standard/local_group/lead", 2025, ["S1"])
    assert e1["status"] == "denied"
    assert pairs(e1) == [
        (True, "outside_validity"),
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (False, "not_top_jinjiang_unit"),
    ]
    assert texts(e1)[3] == "events[S1].jinjiang_rank is 2: only the top-ranked Jinjiang unit (1) is paid"
    assert e1["reasons"] == [{"code": "not_top_jinjiang_unit", "detail": texts(e1)[3]}]
    e2 = entry(x, "5.2/standard/local_group/participate", 2025, ["S2"])
    assert (e2["status"], e2["amount"], e2["audit"]) == ("granted", Decimal("20000"), "fixed amount 20,000 (5.2)")
    assert texts(e2)[3] == "events[S2].jinjiang_rank is 1, the top-ranked Jinjiang unit"
    for e in (e1, e2):
        assert e["clause"]["measure"] == "5.2"
        assert e["clause"]["original"] == Q_5_2_LOCAL
        assert e["clause"]["title"] == "(二)引導參與標準建設"


def test_section_6_regional_brand_capped_and_event_filed_a_day_late():
    # 6.3: 20% x 12,345,678.91 = 2,469,135.782 -> 2,469,135.78 at the fen; 最高限額200萬元 -> 2,000,000.
    # 6.2 經提前1周報: filed 6 days ahead < 7 -> not_pre_filed, 1 short.
    s = subject(
        "A1",
        "association",
        [
            {"id": "B1", "type": "regional_brand", "date": "2025-09-01", "investment": "12345678.91"},
            {
                "id": "V1",
                "type": "public_service_event",
                "date": "2025-10-01",
                "government_guided": True,
                "has_expenses": True,
                "meets_standards": True,
                "filed_days_ahead": 6,
            },
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("2000000")
    e = entry(x, "6.3/regional_brand", 2025, ["B1"])
    assert (e["status"], e["amount"]) == ("granted", Decimal("2000000"))
    assert pairs(e) == [(True, "outside_validity"), (True, "wrong_subject_kind"), (True, "not_registered_in_jinjiang")]
    assert texts(e)[1] == "the subject is an industry association (行業協會、產業聯盟機構)"
    assert e["audit"] == (
        "20% x 12,345,678.91 = 2,469,135.782, rounded down to the fen 2,469,135.78; cap 2,000,000; paid 2,000,000"
    )
    assert e["clause"]["measure"] == "6.3" and e["clause"]["original"] == Q_6_3
    e2 = entry(x, "6.2/public_service_event", 2025, ["V1"])
    assert e2["status"] == "denied"
    assert pairs(e2) == [
        (True, "outside_validity"),
        (True, "wrong_subject_kind"),
        (True, "not_registered_in_jinjiang"),
        (True, "condition_not_met"),
        (True, "condition_not_met"),
        (True, "condition_not_met"),
        (False, "not_pre_filed"),
    ]
    assert texts(e2)[3:] == [
        "events[V1].government_guided is true",
        "events[V1].has_expenses is true",
        "events[V1].meets_standards is true",
        "events[V1].filed_days_ahead 6 is below 7 (6.2: 以上), 1 short",
    ]
    assert e2["reasons"] == [{"code": "not_pre_filed", "detail": "events[V1].filed_days_ahead 6 is below 7 (6.2: 以上), 1 short"}]
    assert e2["clause"]["measure"] == "6.2" and e2["clause"]["original"] == Q_6_2


def test_an_event_before_the_formal_start_is_marked_as_reference_period():
    # 2025-01-01 .. 2025-06-14 參照執行 (reading A17): the time condition says so, and A17 decided.
    s = subject("E7", "enterprise", [{"id": "C1", "type": "carbon_footprint_cert", "date": "2025-06-14"}])
    e = entry(explain_dict(s), "3.2/carbon_footprint", 2025, ["C1"])
    assert e["status"] == "granted" and e["amount"] == Decimal("30000")
    assert e["conditions"][0] == {
        "text": "events[C1] is dated 2025-06-14, inside 2025-01-01 .. 2026-12-31 (before 2025-06-15: 參照執行, reading A17)",
        "met": True,
        "code": "outside_validity",
        "alternative": None,
    }
    assert e["decided_by"] == ["A17"]
    assert e["clause"]["original"] == Q_3_2


# ==== 2. an item with no facts =====================================================================
def test_item_without_facts_is_explained_as_no_facts():
    s = subject(
        "E8", IND, [{"id": "M1", "type": "management_consulting", "date": "2025-07-01", "fee": 400000, "pre_filed": True}]
    )
    x = explain_dict(s, item="6.3/regional_brand")
    (e,) = x["entries"]
    assert (e["item"], e["year"], e["basis"], e["status"], e["amount"]) == ("6.3/regional_brand", None, [], "no_facts", None)
    assert e["conditions"] == [] and e["audit"] is None
    assert codes(e) == ["no_facts"]
    assert "no event of type regional_brand" in e["reasons"][0]["detail"]
    assert e["reasons"][0]["detail"] == (
        "no event of type regional_brand; 6.3/regional_brand is for subjects of kind association "
        "(this subject: industrial_enterprise)"
    )
    assert e["clause"]["measure"] == "6.3" and e["clause"]["original"] == Q_6_3
    assert x["total"] == Decimal("40000")  # the subject's 2.3 award (10% x 400,000), whatever the item shown


def test_item_without_facts_in_the_year_asked():
    s = subject(
        "E8", IND, [{"id": "M1", "type": "management_consulting", "date": "2025-07-01", "fee": 400000, "pre_filed": True}]
    )
    x = explain_dict(s, item="2.3/management_consulting", year=2026)
    (e,) = x["entries"]
    assert (e["status"], e["year"]) == ("no_facts", 2026)
    assert e["reasons"][0]["detail"].startswith("no event of type management_consulting in 2026;")
    assert x["total"] == Decimal("0")  # nothing in 2026
    assert explain_dict(s, year=2025)["total"] == Decimal("40000")


def test_unknown_subject_and_item_raise():
    s = subject("E8", IND)
    with pytest.raises(ExplainError, match="--subject"):
        explain(parse_facts(facts(s)), "NOPE")
    with pytest.raises(ExplainError, match="--item"):
        explain(parse_facts(facts(s)), "E8", item="9.9/nothing")


# ==== 3. stacking explanations =====================================================================
def test_superseded_names_the_winner_and_both_amounts():
    # 1.3 小巨人 (200,000) and 省級專精特新 (100,000) in 2025: one family, one level a year, the higher paid.
    s = subject(
        "E9",
        "enterprise",
        [
            {"id": "N1", "type": "specialized_sme", "level": "national", "date": "2025-08-01"},
            {"id": "V1", "type": "specialized_sme", "level": "provincial", "date": "2025-03-01"},
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("200000")
    e = entry(x, "1.3/specialized_sme/provincial", 2025, ["V1"])
    assert e["status"] == "denied"
    assert blocking(e) == set()
    assert e["reasons"] == [
        {
            "code": "superseded",
            "detail": "1.3/specialized_sme/national on N1 is paid in this family and year (200,000 against this item's 100,000): "
            "only one level or tier (stacking rule 1, 就高不重復, reading A3)",
        }
    ]
    assert "A3" in e["decided_by"]
    assert e["clause"]["original"] == Q_1_3_SME
    assert entry(x, "1.3/specialized_sme/national", 2025, ["N1"])["amount"] == Decimal("200000")


def test_basis_used_elsewhere_names_the_winner():
    # One project F1: 國家領航級智能工廠 800,000 vs 數字化轉型示范項目 300,000: one basis one award.
    s = subject(
        "E10",
        IND,
        [
            {"id": "SF1", "type": "smart_factory", "rating": "leading", "date": "2025-08-01", "project": "F1"},
            {
                "id": "D1",
                "type": "digital_demo",
                "level": "jinjiang",
                "date": "2025-09-01",
                "total_investment": 2000000,
                "in_use": True,
                "promotes": True,
                "project": "F1",
            },
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("800000")
    e = entry(x, "4.2/digital_demo", 2025, ["D1"])
    assert e["status"] == "denied" and blocking(e) == set()
    assert e["reasons"] == [
        {
            "code": "basis_used_elsewhere",
            "detail": "the same basis is paid under 4.1/smart_factory/leading on SF1 (800,000 against this item's 300,000) "
            "(stacking rule 2, one basis one award)",
        }
    ]
    assert e["clause"]["original"] == Q_4_2_DEMO


def test_superseded_by_other_policy_names_the_policy_and_the_margin():
    # Another Jinjiang policy pays 200,000 for T1; this item 150,000: 從優 -> the other, margin 50,000.
    s = subject(
        "E11",
        "enterprise",
        [{"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"}],
        other_awards=[{"event": "T1", "policy": "晉江市另一現行政策", "amount": 200000}],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("0")
    e = entry(x, "1.3/single_champion/provincial", 2025, ["T1"])
    assert e["status"] == "denied" and blocking(e) == set()
    assert e["reasons"] == [
        {
            "code": "superseded_by_other_policy",
            "detail": "晉江市另一現行政策 pays 200,000 for events[T1], 50,000 more than this item's 150,000: "
            "the more favourable is taken, not both (stacking rule 3, 從優)",
        }
    ]
    assert e["clause"]["original"] == Q_1_3_CHAMPION
    (s_res,) = evaluate(facts(s)).subjects
    assert [(o.event, o.amount, o.taken) for o in s_res.other_policy] == [("T1", Decimal("200000"), True)]


def test_superseded_by_an_item_that_another_policy_pays_still_names_both_amounts():
    # N1 小巨人: this policy 200,000, another policy 250,000 -> the other is taken and N1 keeps the family
    # slot; V1 省級 (100,000) is superseded. The detail should name N1 and both amounts.
    s = subject(
        "E12",
        "enterprise",
        [
            {"id": "N1", "type": "specialized_sme", "level": "national", "date": "2025-08-01"},
            {"id": "V1", "type": "specialized_sme", "level": "provincial", "date": "2025-03-01"},
        ],
        other_awards=[{"event": "N1", "policy": "晉江市另一現行政策", "amount": 250000}],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("0")
    e = entry(x, "1.3/specialized_sme/provincial", 2025, ["V1"])
    assert codes(e) == ["superseded"]
    detail = e["reasons"][0]["detail"]
    assert "1.3/specialized_sme/national on N1" in detail
    assert "250,000" in detail and "100,000" in detail


# ==== 4. faithfulness: every denial reason code ====================================================
def _mc(**kw):
    return {"id": "M1", "type": "management_consulting", "date": "2025-07-01", "fee": 400000, "pre_filed": True, **kw}


def _set(path, value):
    def change(s):
        target = s
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop_event(eid):
    def change(s):
        s["events"] = [e for e in s["events"] if e["id"] != eid]

    return change


# code -> (subject, item, basis, year, expected failed-condition text or stacking detail, change, amount after)
# Amounts after the change, by hand: 2.3 10% x 400,000 = 40,000 (fee 300,000 -> 30,000); 3.2 30,000;
# 2.5 100,000; 3.1 national green factory 200,000; 1.2 30,000 (戰新產值 20,000,000 >= 20,000,000);
# 4.2 demo 300,000; 5.2 local/group lead 50,000; 1.3 省級專精特新 100,000; 1.3 省級單項冠軍 150,000
# (a 150,000 : 150,000 tie keeps this policy, 從新 A16); 6.2 50,000; 6.1 100,000; 1.3 小巨人 200,000;
# 1.4 50,000; 6.3 20% x 100,000 = 20,000.
FAITH = [
    pytest.param(
        "wrong_subject_kind",
        subject("X1", "enterprise", [_mc()]),
        "2.3/management_consulting",
        ["M1"],
        2025,
        "2.3/management_consulting is not for a subject of kind enterprise",
        _set(["kind"], IND),
        Decimal("40000"),
        id="wrong_subject_kind",
    ),
    pytest.param(
        "not_registered_in_jinjiang",
        subject("X2", IND, [_mc()], registered_in_jinjiang=False),
        "2.3/management_consulting",
        ["M1"],
        2025,
        "the subject is not registered in Jinjiang",
        _set(["registered_in_jinjiang"], True),
        Decimal("40000"),
        id="not_registered_in_jinjiang",
    ),
    pytest.param(
        "outside_validity",
        subject("X3", "enterprise", [{"id": "C1", "type": "carbon_footprint_cert", "date": "2024-12-31"}]),
        "3.2/carbon_footprint",
        ["C1"],
        2024,
        "events[C1] is dated 2024-12-31, outside 2025-01-01 .. 2026-12-31",
        _set(["events", 0, "date"], "2025-01-01"),
        Decimal("30000"),
        id="outside_validity",
    ),
    pytest.param(
        "outside_validity",
        subject("X3b", "association", [{"id": "B1", "type": "regional_brand", "date": "2027-01-01", "investment": 100000}]),
        "6.3/regional_brand",
        ["B1"],
        2027,
        "events[B1] is dated 2027-01-01, outside 2025-01-01 .. 2026-12-31",
        _set(["events", 0, "date"], "2026-12-31"),
        Decimal("20000"),
        id="outside_validity-2027",
    ),
    pytest.param(
        "not_first_time",
        subject(
            "X4",
            "enterprise",
            [
                {
                    "id": "Q1",
                    "type": "military_qualification",
                    "qualification": "quality_system",
                    "date": "2025-10-01",
                    "renewal": True,
                }
            ],
        ),
        "2.5/military/quality_system",
        ["Q1"],
        2025,
        "events[Q1] is a renewal or re-review (復審), not a first award",
        _set(["events", 0, "renewal"], False),
        Decimal("100000"),
        id="not_first_time",
    ),
    pytest.param(
        "not_first_time",
        subject(
            "X4b",
            "enterprise",
            [
                {"id": "S0", "type": "specialized_sme", "level": "national", "date": "2021-05-01"},
                {"id": "S1", "type": "specialized_sme", "level": "national", "date": "2025-05-01"},
            ],
        ),
        "1.3/specialized_sme/national",
        ["S1"],
        2025,
        "events[S0] (2021-05-01) already met 1.3/specialized_sme/national first: it is paid once (reading A19)",
        _drop_event("S0"),
        Decimal("200000"),
        id="not_first_time-earlier_title",
    ),
    pytest.param(
        "not_first_time",
        subject(
            "X4c",
            IND,
            years={
                "2024": {"industrial_output": 600000000, "key_industrial_enterprise": True},
                "2025": {"industrial_output": 700000000, "key_industrial_enterprise": True},
            },
        ),
        "1.4/output_over_500m",
        [],
        2025,
        "the figure already exceeded this tier in 2024: 首次超過 is a first time only (reading A4)",
        _set(["years", "2024", "industrial_output"], 500000000),
        Decimal("50000"),
        id="not_first_time-crossed_before",
    ),
    pytest.param(
        "already_awarded",
        subject(
            "X5",
            "enterprise",
            [{"id": "G1", "type": "green_list", "list": "factory", "level": "national", "date": "2026-02-01"}],
            past_awards=[{"item": "3.1/green_factory/national", "year": 2023}],
        ),
        "3.1/green_factory/national",
        ["G1"],
        2026,
        "past_awards lists 3.1/green_factory/national (2023)",
        _set(["past_awards"], []),
        Decimal("200000"),
        id="already_awarded",
    ),
    pytest.param(
        "already_awarded",
        subject(
            "X5b",
            "association",
            [{"id": "C1", "type": "public_consulting", "date": "2025-11-30", "enterprises_served": 25, "pre_filed": True}],
            past_awards=[{"item": "6.1/public_consulting", "year": 2025}],
        ),
        "6.1/public_consulting",
        ["C1"],
        2025,
        "past_awards lists 6.1/public_consulting (2025)",
        _set(["past_awards", 0, "year"], 2026),
        Decimal("100000"),
        id="already_awarded-per_year",
    ),
    pytest.param(
        "missing_fact",
        subject(
            "X6",
            IND,
            [{"id": "N1", "type": "strategic_emerging_new", "date": "2025-04-01"}],
            years={"2025": {"industrial_output": 100000000}},
        ),
        "1.2/new_strategic_emerging",
        ["N1"],
        2025,
        "years.2025.strategic_emerging_output is missing",
        _set(["years", "2025", "strategic_emerging_output"], 20000000),
        Decimal("30000"),
        id="missing_fact",
    ),
    pytest.param(
        "condition_not_met",
        subject(
            "X7",
            IND,
            [
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2025-09-01",
                    "total_investment": 2000000,
                    "in_use": False,
                    "promotes": True,
                }
            ],
        ),
        "4.2/digital_demo",
        ["D1"],
        2025,
        "events[D1].in_use is false",
        _set(["events", 0, "in_use"], True),
        Decimal("300000"),
        id="condition_not_met",
    ),
    pytest.param(
        "not_pre_filed",
        subject("X8", IND, [_mc(pre_filed=False)]),
        "2.3/management_consulting",
        ["M1"],
        2025,
        "events[M1].pre_filed is false",
        _set(["events", 0, "pre_filed"], True),
        Decimal("40000"),
        id="not_pre_filed",
    ),
    pytest.param(
        "not_pre_filed",
        subject(
            "X8b",
            "association",
            [
                {
                    "id": "V1",
                    "type": "public_service_event",
                    "date": "2025-10-01",
                    "government_guided": True,
                    "has_expenses": True,
                    "meets_standards": True,
                    "filed_days_ahead": 6,
                }
            ],
        ),
        "6.2/public_service_event",
        ["V1"],
        2025,
        "events[V1].filed_days_ahead 6 is below 7 (6.2: 以上), 1 short",
        _set(["events", 0, "filed_days_ahead"], 7),
        Decimal("50000"),
        id="not_pre_filed-days",
    ),
    pytest.param(
        "below_threshold",
        subject("X9", IND, [_mc(fee="299999.99")]),
        "2.3/management_consulting",
        ["M1"],
        2025,
        "events[M1].fee 299,999.99 is below 300,000 (2.3: 以上), 0.01 short",
        _set(["events", 0, "fee"], 300000),
        Decimal("30000"),
        id="below_threshold",
    ),
    pytest.param(
        "below_threshold",
        subject(
            "X9b",
            "association",
            [{"id": "C1", "type": "public_consulting", "date": "2025-11-30", "enterprises_served": 19, "pre_filed": True}],
        ),
        "6.1/public_consulting",
        ["C1"],
        2025,
        "events[C1].enterprises_served 19 is below 20 (6.1: 以上), 1 short",
        _set(["events", 0, "enterprises_served"], 20),
        Decimal("100000"),
        id="below_threshold-count",
    ),
    pytest.param(
        "not_top_jinjiang_unit",
        subject(
            "X10",
            "other_unit",
            [{"id": "S1", "type": "standard", "level": "group", "role": "lead", "jinjiang_rank": 2, "date": "2025-10-01"}],
        ),
        "5.2/standard/local_group/lead",
        ["S1"],
        2025,
        "events[S1].jinjiang_rank is 2: only the top-ranked Jinjiang unit (1) is paid",
        _set(["events", 0, "jinjiang_rank"], 1),
        Decimal("50000"),
        id="not_top_jinjiang_unit",
    ),
    pytest.param(
        "superseded",
        subject(
            "X11",
            "enterprise",
            [
                {"id": "N1", "type": "specialized_sme", "level": "national", "date": "2025-08-01"},
                {"id": "V1", "type": "specialized_sme", "level": "provincial", "date": "2025-03-01"},
            ],
        ),
        "1.3/specialized_sme/provincial",
        ["V1"],
        2025,
        "1.3/specialized_sme/national on N1 is paid in this family and year (200,000 against this item's 100,000): "
        "only one level or tier (stacking rule 1, 就高不重復, reading A3)",
        _drop_event("N1"),
        Decimal("100000"),
        id="superseded",
    ),
    pytest.param(
        "basis_used_elsewhere",
        subject(
            "X12",
            IND,
            [
                {"id": "SF1", "type": "smart_factory", "rating": "leading", "date": "2025-08-01", "project": "F1"},
                {
                    "id": "D1",
                    "type": "digital_demo",
                    "level": "jinjiang",
                    "date": "2025-09-01",
                    "total_investment": 2000000,
                    "in_use": True,
                    "promotes": True,
                    "project": "F1",
                },
            ],
        ),
        "4.2/digital_demo",
        ["D1"],
        2025,
        "the same basis is paid under 4.1/smart_factory/leading on SF1 (800,000 against this item's 300,000) "
        "(stacking rule 2, one basis one award)",
        _drop_event("SF1"),
        Decimal("300000"),
        id="basis_used_elsewhere",
    ),
    pytest.param(
        "superseded_by_other_policy",
        subject(
            "X13",
            "enterprise",
            [{"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"}],
            other_awards=[{"event": "T1", "policy": "晉江市另一現行政策", "amount": 150001}],
        ),
        "1.3/single_champion/provincial",
        ["T1"],
        2025,
        "晉江市另一現行政策 pays 150,001 for events[T1], 1 more than this item's 150,000: the more favourable is taken, "
        "not both (stacking rule 3, 從優)",
        _set(["other_awards", 0, "amount"], 150000),
        Decimal("150000"),
        id="superseded_by_other_policy",
    ),
    pytest.param(
        "superseded_by_other_policy",
        subject(
            "X13b",
            "enterprise",
            [{"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"}],
            other_awards=[{"event": "T1", "policy": "晉江市另一現行政策", "amount": 150001}],
        ),
        "1.3/single_champion/provincial",
        ["T1"],
        2025,
        "晉江市另一現行政策 pays 150,001 for events[T1], 1 more than this item's 150,000: the more favourable is taken, "
        "not both (stacking rule 3, 從優)",
        _set(["other_awards"], []),
        Decimal("150000"),
        id="superseded_by_other_policy-removed",
    ),
]

STACKING = {"superseded", "basis_used_elsewhere", "superseded_by_other_policy"}
ALL_CODES = {
    "wrong_subject_kind",
    "not_registered_in_jinjiang",
    "outside_validity",
    "not_first_time",
    "already_awarded",
    "missing_fact",
    "condition_not_met",
    "not_pre_filed",
    "below_threshold",
    "not_top_jinjiang_unit",
} | STACKING


def test_faithfulness_covers_every_reason_code_of_measures_md():
    assert {p.values[0] for p in FAITH} == ALL_CODES


def _denial(res, item, year, basis):
    found = [d for d in res.denied if d.item == item and d.year == year and list(d.basis) == list(basis)]
    return found[0] if found else None


def _award(res, item, year, basis):
    found = [a for a in res.awards if a.item == item and a.year == year and set(basis) <= set(a.basis)]
    return found[0] if found else None


@pytest.mark.parametrize("code, subj, item, basis, year, said, change, amount", FAITH)
def test_faithfulness(code, subj, item, basis, year, said, change, amount):
    before = copy.deepcopy(subj)
    # evaluate and explain agree: denied, for exactly this one reason
    res = result_of(before)
    d = _denial(res, item, year, basis)
    assert d is not None, res.to_dict()
    assert d.codes == (code,)
    x = explain_dict(before, item=item)
    e = entry(x, item, year, basis)
    assert e["status"] == "denied" and e["amount"] is None
    assert e["reasons"] == [{"code": r.code, "detail": str(r.detail)} for r in d.reasons]
    if code in STACKING:
        assert blocking(e) == set(), e["conditions"]
        assert e["reasons"][0]["detail"] == said
    else:
        ((failed_code, failed_text),) = blocking(e)
        assert failed_code == code
        assert failed_text == said
        assert failed_text in e["reasons"][0]["detail"]
    # change just the one fact: granted, by both
    after = copy.deepcopy(subj)
    change(after)
    res2 = result_of(after)
    assert _denial(res2, item, _year_after(after, basis, year), basis) is None
    a = _award(res2, item, _year_after(after, basis, year), basis)
    assert a is not None and a.amount == amount, res2.to_dict()
    e2 = entry(explain_dict(after, item=item), item, _year_after(after, basis, year), basis)
    assert (e2["status"], e2["amount"], e2["reasons"]) == ("granted", amount, [])
    assert blocking(e2) == set()
    assert all(c["met"] is not False for c in e2["conditions"] if c["alternative"] is None)


def _year_after(s, basis, year):
    if basis:
        ev = next(e for e in s["events"] if e["id"] == basis[0])
        return int(ev["date"][:4])
    return year


def test_faithfulness_change_can_move_to_another_stated_reason():
    # 小巨人 S1 (2025) is not a first time because S0 (2021) already met the item. Move S1 to 2020-01-01:
    # S1 is now the first event but outside the window (outside_validity only), and S0 becomes the later one.
    s = subject(
        "X14",
        "enterprise",
        [
            {"id": "S0", "type": "specialized_sme", "level": "national", "date": "2021-05-01"},
            {"id": "S1", "type": "specialized_sme", "level": "national", "date": "2025-05-01"},
        ],
    )
    assert codes(entry(explain_dict(s), "1.3/specialized_sme/national", 2025, ["S1"])) == ["not_first_time"]
    s["events"][1]["date"] = "2020-01-01"
    x = explain_dict(s)
    e = entry(x, "1.3/specialized_sme/national", 2020, ["S1"])
    assert e["reasons"] == [
        {
            "code": "outside_validity",
            "detail": "events[S1] is dated 2020-01-01, outside 2025-01-01 .. 2026-12-31 (the policy's window, 參照執行 from 2025-01-01)",
        }
    ]
    assert blocking(e) == {("outside_validity", "events[S1] is dated 2020-01-01, outside 2025-01-01 .. 2026-12-31")}
    e0 = entry(x, "1.3/specialized_sme/national", 2021, ["S0"])
    assert codes(e0) == ["outside_validity", "not_first_time"]
    assert x["total"] == Decimal("0")


# ==== explanation totals and further defects ======================================================
def test_granted_entries_add_up_to_the_explained_total():
    # Two 2.1 projects of one year (path 2): 5% x (4,000,000 + 6,000,000.33) = 500,000.0165 -> 500,000.01.
    ev = lambda i, p, d: {
        "id": i,
        "type": "equipment_project",
        "date": d,
        "total_investment": 10000000,
        "equipment_purchase": p,
        "key_tech_renovation": True,
        "in_statistics": True,
    }
    s = subject(
        "E13",
        IND,
        [
            ev("P1", 4000000, "2025-07-01"),
            ev("P2", "6000000.33", "2025-08-01"),
            {"id": "T1", "type": "innovative_sme", "date": "2025-01-10"},
        ],
    )
    x = explain_dict(s)
    assert x["total"] == Decimal("500000.01")
    assert sum((e["amount"] for e in x["entries"] if e["status"] == "granted"), Decimal(0)) == x["total"]


def test_aggregated_award_audit_line_sums_the_events_before_rounding():
    # The arithmetic itself is right: 5% x 10,000,000.33 = 500,000.0165 -> 500,000.01 (summed, then floored).
    ev = lambda i, p, d: {
        "id": i,
        "type": "equipment_project",
        "date": d,
        "total_investment": 10000000,
        "equipment_purchase": p,
        "key_tech_renovation": True,
        "in_statistics": True,
    }
    s = subject(
        "E13",
        IND,
        [
            ev("P1", 4000000, "2025-07-01"),
            ev("P2", "6000000.33", "2025-08-01"),
            {"id": "T1", "type": "innovative_sme", "date": "2025-01-10"},
        ],
    )
    (res,) = evaluate(facts(s)).subjects
    (a,) = res.awards
    assert (a.item, a.amount, a.basis) == ("2.1/equipment_update", Decimal("500000.01"), ("P1", "P2"))
    assert (
        str(a.because[-1])
        == "5% x 10,000,000.33 = 500,000.0165, rounded down to the fen 500,000.01; cap 3,000,000; paid 500,000.01"
    )
    e = entry(explain_dict(s), "2.1/equipment_update", 2025, ["P1", "P2"])
    assert e["audit"] == str(a.because[-1])


def test_participating_in_a_national_standard_quotes_the_participation_sentence():
    s = subject(
        "E14", "enterprise", [{"id": "S1", "type": "standard", "date": "2025-10-01", "level": "national", "role": "participate"}]
    )
    e = entry(explain_dict(s), "5.2/standard/national/participate", 2025, ["S1"])
    assert (e["status"], e["amount"]) == ("granted", Decimal("80000"))  # 參與 national: 8萬元
    assert e["clause"]["original"] == Q_5_2_PARTICIPATE


def test_leading_a_national_standard_quotes_the_lead_sentence():
    s = subject(
        "E14", "enterprise", [{"id": "S1", "type": "standard", "date": "2025-10-01", "level": "national", "role": "lead"}]
    )
    e = entry(explain_dict(s), "5.2/standard/national/lead", 2025, ["S1"])
    assert (e["status"], e["amount"]) == ("granted", Decimal("200000"))  # 主導 national: 20萬元
    assert e["clause"]["original"] == Q_5_2_LEAD_NATIONAL


def test_higher_tier_not_reached_is_not_explained_as_missing_facts():
    s = subject(
        "P1", "digital_service_provider", [{"id": "K1", "type": "digital_package", "date": "2025-07-01", "sme_count": 12}]
    )
    x = explain_dict(s, item="4.3/digital_package/50")
    (e,) = x["entries"]
    said = " ".join(texts(e) + [r["detail"] for r in e["reasons"]])
    assert "no event of type digital_package" not in said
    assert "events[K1].sme_count 12" in said


def test_kind_condition_reads_as_a_sentence_for_every_kind():
    s = subject("E15", "enterprise", [{"id": "C1", "type": "carbon_footprint_cert", "date": "2025-10-01"}])
    e = entry(explain_dict(s), "3.2/carbon_footprint", 2025, ["C1"])
    assert e["conditions"][1]["code"] == "wrong_subject_kind"
    assert e["conditions"][1]["text"] != "the subject is enterprise"
    assert e["conditions"][1]["text"].startswith("the subject is an ")


@pytest.mark.parametrize(
    "subj, item, basis, reading",
    [
        pytest.param(
            subject(
                "E16",
                "enterprise",
                [{"id": "T1", "type": "single_champion", "level": "provincial", "date": "2025-08-20"}],
                other_awards=[{"event": "T1", "policy": "晉江市另一現行政策", "amount": 150000}],
            ),
            "1.3/single_champion/provincial",
            ["T1"],
            "A16",
            id="A16-tie-with-other-policy",
        ),
        pytest.param(
            subject(
                "E17",
                "enterprise",
                [
                    {"id": "N1", "type": "specialized_sme", "level": "national", "date": "2025-08-01"},
                    {"id": "V1", "type": "specialized_sme", "level": "provincial", "date": "2026-03-01"},
                ],
            ),
            "1.3/specialized_sme/provincial",
            ["V1"],
            "A20",
            id="A20-lower-level-after-higher",
        ),
    ],
)
def test_the_reading_that_decided_a_grant_is_named(subj, item, basis, reading):
    # A16: the tie keeps this policy's 150,000 (從新); A20: 省級 100,000 in 2026 after 小巨人 in 2025 is paid.
    x = explain_dict(subj, item=item)
    e = entry(x, item, int(next(ev for ev in subj["events"] if ev["id"] == basis[0])["date"][:4]), basis)
    assert e["status"] == "granted"
    assert reading in e["decided_by"]


def test_basis_used_elsewhere_says_why_the_smaller_award_won():
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    x = explain(parse_facts(data), "E01", item="2.1/equipment_update").to_dict()
    e = entry(x, "2.1/equipment_update", 2025, ["P1"])
    assert codes(e) == ["basis_used_elsewhere"]
    detail = e["reasons"][0]["detail"]
    assert "4.1/smart_factory/advanced on SF1" in detail
    assert "3,000,000" in detail


# ==== 5. the command line ==========================================================================
def test_cli_explain_text_quotes_the_clause():
    res = run("explain", PORTFOLIO, "--subject", "E01", "--item", "2.1/equipment_update")
    assert res.exit_code == 0, res.stderr
    assert f"「{Q_2_1}」" in res.stdout
    assert "2.1/equipment_update · 2025 · basis P2 · GRANTED 3,000,000 元" in res.stdout
    # 5% x 64,000,000 = 3,200,000 > cap 3,000,000
    assert "audit: 5% x 64,000,000 = 3,200,000, rounded down to the fen 3,200,000; cap 3,000,000; paid 3,000,000" in res.stdout
    assert res.stderr == ""


def test_cli_explain_json_is_the_versioned_schema():
    res = run("explain", PORTFOLIO, "--subject", "E02", "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout, parse_float=Decimal)
    assert out["schema"] == "jjpolicy.explain/1"
    assert out["subject"] == "E02"
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    assert out["total"] == evaluate(data).subject("E02").total
    assert out["entries"]
    for e in out["entries"]:
        assert set(e) == {
            "item",
            "year",
            "basis",
            "status",
            "amount",
            "clause",
            "conditions",
            "audit",
            "reasons",
            "readings",
            "decided_by",
        }
        assert e["status"] in {"granted", "support", "denied", "no_facts"}
        assert set(e["clause"]) == {"measure", "section", "title", "original", "gloss"}
        for c in e["conditions"]:
            assert set(c) == {"text", "met", "code", "alternative"}
            assert c["met"] in (True, False, None)


def test_cli_explain_json_matches_the_library():
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    res = run("explain", PORTFOLIO, "--subject", "E01", "--item", "2.1/equipment_update", "--format", "json")
    out = json.loads(res.stdout, parse_float=Decimal)
    lib = explain(parse_facts(data), "E01", item="2.1/equipment_update").to_dict()
    assert (
        [(e["item"], e["basis"], e["status"], e["amount"]) for e in out["entries"]]
        == [(e["item"], e["basis"], e["status"], e["amount"]) for e in lib["entries"]]
        == [("2.1/equipment_update", ["P1"], "denied", None), ("2.1/equipment_update", ["P2"], "granted", Decimal("3000000"))]
    )


def test_cli_explain_markdown_starts_with_a_heading():
    res = run("explain", PORTFOLIO, "--subject", "E01", "--format", "md")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("# ")
    assert res.stdout.startswith("# E01 晉江恒毅體育用品股份有限公司")
    assert "Total: **13,000,000 元**" in res.stdout


@pytest.mark.parametrize(
    "args, option",
    [
        (["--subject", "NOPE"], "--subject"),
        (["--subject", "E01", "--item", "9.9/nothing"], "--item"),
    ],
)
def test_cli_explain_unknown_subject_or_item_exits_2(args, option):
    res = run("explain", PORTFOLIO, *args)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert option in res.stderr
    assert "Traceback" not in res.stderr
