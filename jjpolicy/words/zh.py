"""简体中文。与其他语言目录（en.py）键相同；政策原文（条款、标题、政策名称）以 OpenCC t2s 转为简体显示，
编码（encodings/*.lp）和 JSON 中的 clause.original 仍保留原文繁体。

金额：事实中的金额写作 1,234,567.89 元；政策本身的整数额度按政策写法写作 万元、亿元（500万元、5亿元）。
"""

from decimal import Decimal

CONVERT = "t2s"


def _figure(value: Decimal, unit: str) -> str:
    """The policy's own figure as the policy writes it: 5亿元, 500万元, 2,500 元."""
    v = Decimal(value)
    if v != 0 and v % 100_000_000 == 0:
        return f"{int(v // 100_000_000)}亿{unit}"
    if v != 0 and v % 10_000 == 0:
        return f"{int(v // 10_000)}万{unit}"
    return f"{_money(v)} {unit}"


def _money(v) -> str:
    from . import money

    return money(v)


def _percent(v) -> str:
    from . import exact

    return f"{exact(Decimal(v) * 100)}%"


def _quantity(q, w, figure: bool = False) -> str:
    """A quantity by its field's kind: money in 元 (the policy's own figures in 万元, 亿元), shares as
    percentages, counts of enterprises in 家, days in 天, digital levels as 二级."""
    from . import Q, number

    if not isinstance(q, Q):
        q = Q(q, "money")
    unit = w.TEXT["unit"]
    if q.kind == "money":
        return _figure(q.value, unit) if figure else f"{_money(q.value)} {unit}"
    if q.kind == "share":
        return _percent(q.value)
    if q.kind == "count":
        return f"{number(q.value)} 家"
    if q.kind == "days":
        return f"{number(q.value)} 天"
    if q.kind == "level":
        return w.TEXT.get(f"digital_level.{q.value}", number(q.value))
    return number(q.value)


def _measure(m: str, w) -> str:
    from ..figures import policy

    title = policy().title(m)
    return f"{m} {w.quote(title)}" if title else m


FORMATS = {
    "q": lambda v, w: _quantity(v, w),
    "fig": lambda v, w: _quantity(v, w, figure=True),
    "measure": _measure,
}

TEXT = {
    # ---- 单位、分隔符、取值 --------------------------------------------------------------------
    "unit": "元",
    "sep.list": "、",
    "sep.semi": "；",
    "sep.and": "；",
    "value.not_given": "（未提供）",
    "value.undefined": "无法计算",
    "value.none": "-",
    "window": "{start} 至 {end}",
    "note.reading": "（解读 {readings}）",
    # ---- 代码对应的政策用语 --------------------------------------------------------------------
    "kind.industrial_enterprise": "工业企业",
    "kind.enterprise": "非工业企业",
    "kind.other_unit": "其他单位",
    "kind.any_enterprise": "企业",
    "kind.green_service_institution": "绿色服务机构",
    "kind.digital_service_provider": "工业互联网平台、系统服务商",
    "kind.association": "行业协会、产业联盟机构",
    "kind.any_kind": "任何单位",
    "level.national": "国家级",
    "level.provincial": "省级",
    "level.quanzhou": "泉州市级",
    "level.jinjiang": "晋江市级",
    "digital_level.1": "一级",
    "digital_level.2": "二级",
    "digital_level.3": "三级",
    "digital_level.4": "四级",
    "digital_level.5": "五级",
    "type.above_scale_new": "新增规模以上工业企业",
    "type.strategic_emerging_new": "新增工业战略性新兴产业年报企业",
    "type.single_champion": "制造业单项冠军",
    "type.specialized_sme": "专精特新",
    "type.innovative_sme": "创新型中小企业",
    "type.equipment_project": "设备更新项目",
    "type.design_institute": "工业设计研究院",
    "type.design_center": "工业设计中心",
    "type.enterprise_tech_center": "企业技术中心",
    "type.innovation_center": "制造业创新中心",
    "type.tech_innovation_demo": "技术创新示范企业",
    "type.rd_instrument_purchase": "研发设计仪器设备购置",
    "type.first_set": "首台（套）重大技术装备",
    "type.management_consulting": "管理咨询",
    "type.service_manufacturing_demo": "服务型制造示范",
    "type.military_qualification": "军品资质",
    "type.green_list": "绿色制造名单",
    "type.green_design_demo": "工业产品绿色设计示范企业",
    "type.energy_efficiency_leader": "能效领跑者标杆企业",
    "type.industry_standard_conditions": "行业规范条件公告",
    "type.carbon_footprint_cert": "产品碳足迹评估认证",
    "type.energy_management_cert": "能源管理体系认证",
    "type.smart_factory": "智能工厂",
    "type.digital_demo": "制造业数字化转型示范项目",
    "type.app_demo": "5G、大数据应用示范",
    "type.industrial_internet_demo": "工业互联网示范项目",
    "type.sme_digital_retrofit": "中小企业数字化改造",
    "type.digital_package": "数智转型制式套餐",
    "type.quality_award": "质量奖",
    "type.geographical_indication": "地理标志",
    "type.standards_secretariat": "专业标准化技术委员会秘书处",
    "type.standard": "标准制修订",
    "type.standardization_demo": "标准化示范区",
    "type.public_consulting": "公益咨询诊断",
    "type.public_service_event": "公共服务活动",
    "type.regional_brand": "区域品牌运作",
    "status.granted": "获得奖励",
    "status.support": "获得支持",
    "status.denied": "不予奖励",
    "status.no_facts": "无相关事实",
    "code.wrong_subject_kind": "主体类型不符",
    "code.not_registered_in_jinjiang": "未在晋江注册",
    "code.outside_validity": "不在政策有效期内",
    "code.not_first_time": "非首次",
    "code.already_awarded": "已获奖励",
    "code.missing_fact": "缺少数据",
    "code.condition_not_met": "条件未满足",
    "code.not_pre_filed": "未提前备案",
    "code.below_threshold": "未达标准",
    "code.not_top_jinjiang_unit": "非排位最前的晋江单位",
    "code.superseded": "就高不重复",
    "code.basis_used_elsewhere": "同一依据已获其他奖励",
    "code.superseded_by_other_policy": "其他政策从优",
    "code.no_facts": "无相关事实",
    # ---- 编码检查的条件（describe.py） ---------------------------------------------------------
    "check.kind.met": "主体为{kind:kind}",
    "check.kind.not_met": "{item} 不适用于{kind:kind}（kind 为 {kind}）",
    "check.registered.met": "主体在晋江注册",
    "check.registered.not_met": "主体未在晋江注册",
    "check.flag.met": "{path}.{field} 为 true",
    "check.flag.not_met": "{path}.{field} 为 false",
    "check.flag.not_given": "{path}.{field} 未提供",
    "check.has.met": "{path}.{field} 已提供",
    "check.has.not_met": "{path}.{field} 缺失",
    "check.reaches.met": "{path}.{field} 为 {value:q}，达到 {figure:fig}（{measure}：以上）{note}",
    "check.reaches.not_met": "{path}.{field} 为 {value:q}，低于 {figure:fig}（{measure}：以上）{gap}{note}",
    "check.exceeds.met": "{path}.{field} 为 {value:q}，超过 {figure:fig}（{measure}：超过）{note}",
    "check.exceeds.not_met": "{path}.{field} 为 {value:q}，未超过 {figure:fig}（{measure}：超过，不含本数）{gap}{note}",
    "gap.short": "，差 {amount:q}",
    "gap.more": "，还需超出 {amount:q}",
    "check.ratio.met": "{path}.{numerator} / {denominator} = {share:.4%}，达到 {figure:.0%}（{measure}：及以上）{note}",
    "check.ratio.not_met": "{path}.{numerator} / {denominator} = {share:.4%}，低于 {figure:.0%}（{measure}：及以上）{note}",
    "check.attr.met": "events[{event}].{field} 为 {wanted}",
    "check.attr.not_met": "events[{event}].{field} 为 {actual}，而非 {wanted}",
    "check.title_held.met": "{when}已取得专精特新、单项冠军、战略性新兴或创新型中小企业称号（解读 {readings}）",
    "check.title_held.met_by": "{when}已取得专精特新、单项冠军、战略性新兴或创新型中小企业称号（events[{event}]，{level}{type:type}，自 {since} 起；解读 {readings}）",
    "check.title_held.not_met": "{when}未取得专精特新、单项冠军、战略性新兴或创新型中小企业称号（解读 {readings}）",
    "check.centre_held.met": "{when}已有泉州市级及以上企业技术中心或工业设计中心（解读 {readings}）",
    "check.centre_held.met_by": "{when}已有泉州市级及以上企业技术中心或工业设计中心（events[{event}]，{level}{type:type}，自 {since} 起；解读 {readings}）",
    "check.centre_held.not_met": "{when}没有泉州市级及以上企业技术中心或工业设计中心（解读 {readings}）",
    "held.level": "{level:level}",
    "when.on_or_before": "截至 {date} ",
    "when.on": "{date} ",
    "check.year_total.met": "{year} 年计入的研发设计仪器设备购置合计 {total:yuan}，达到 {figure:fig}（解读 {readings}）",
    "check.year_total.not_met": "{year} 年计入的研发设计仪器设备购置合计 {total:yuan}，低于 {figure:fig}（{measure}：以上），差 {short:yuan}（解读 {readings}）",
    "check.top_jinjiang_unit.met": "events[{event}].jinjiang_rank 为 1，是排位最前的晋江单位",
    "check.top_jinjiang_unit.not_met": "events[{event}].jinjiang_rank 为 {rank}：只奖励排位最前的晋江单位（1）",
    "check.other.met": "{check} 满足",
    "check.other.not_met": "{check} 不满足",
    # ---- 奖励、不予奖励、叠加（result.py） ------------------------------------------------------
    "cand.on": "{item}（依据 {basis:*}）",
    "cand.for": "{item}（{year} 年）",
    "audit.percent": "{pct} × {base:yuan} = {exact:exact} 元，向下取整到分为 {floored:yuan}；上限 {caps:*}；实付 {paid:yuan}",
    "audit.fixed": "定额 {amount:fig}（{measure:measure}）",
    "cap.all": "{amount:fig}",
    "cap.level": "{level:digital_level} {amount:fig}",
    "deny.checks": "{checks:semi}",
    "deny.outside_validity": "events[{event}] 日期为 {date}，不在 {window} 内（政策有效期，自 {start} 起参照执行）",
    "deny.renewal": "events[{event}] 为复审或续期，并非首次",
    "deny.day_first": "events[{event}] 于同日（{date}）满足 {item} 的条件，取为首次：只奖励一次，取收益最高的事件（相同则取较小的 id；解读 {readings}）",
    "deny.first_met": "events[{event}]（{date}）已首先满足 {item} 的条件：只奖励一次（解读 {readings}）",
    "deny.crossed": "该数值已于 {year} 年超过本档：“首次超过”只算第一次（解读 {readings}）",
    "deny.already_awarded": "past_awards 已列有 {item}（{years:*}）",
    "deny.other": "{code:code}",
    "stack.superseded_by_other_policy": "{policy} 对 events[{event}] 支付 {amount:yuan}，比本项的 {mine:yuan} 多 {more:yuan}：从优享受其一，不重复享受（叠加规则 3，从优）",
    "stack.superseded": "同一系列同一年度已奖励 {winner}{versus}：只奖励一个级别或档次（叠加规则 1，就高不重复，解读 {readings}）",
    "stack.basis_used_elsewhere": "同一依据已按 {winner}奖励{versus}{capped}（叠加规则 2，一个依据只奖励一次）",
    "stack.versus": "，{brings}，本项为 {mine:yuan}",
    "stack.brings.award": "金额 {amount:yuan}",
    "stack.brings.other": "由 {policy} 支付 {amount:yuan}",
    "stack.capped": "；不计本事件，{year} 年的 {item} 已达上限 {amount:yuan}",
    "warning.subsidy": "events[{event}]：{item} 按 {field} 计算（{base:yuan} × {pct} = {computed:yuan}）；quanzhou_subsidy {subsidy:yuan} × {check_pct} = {subsidy_share:yuan}，两者不一致（解读 {readings}）",
    "warning.of_subject": "{subject}：{warning}",
    # ---- 说明（explain.py） --------------------------------------------------------------------
    "clause.gloss": "{clause:quote}",
    "cond.outside": "events[{event}] 日期为 {date}，不在 {window} 内",
    "cond.inside": "events[{event}] 日期为 {date}，在 {window} 内{note}",
    "cond.before_in_force": "（{in_force} 正式施行前：参照执行，解读 {readings}）",
    "cond.other_tie": "{policy} 对 events[{event}] 同样支付 {amount:yuan}：金额相同，按本政策执行（从新，解读 {readings}）",
    "cond.other_less": "{policy} 对 events[{event}] 支付 {amount:yuan}，少于本项的 {mine:yuan}（从优）",
    "cond.higher_before": "{higher} 已于 {year} 年达到；本次达到 {item} 仍是该级别的首次（解读 {readings}）",
    "nofacts": "{what:and}；{item} 只适用于{kinds:kind*}（本主体：{kind:kind}）",
    "nofacts.event": "没有类型为 {type}（{type:type}）的事件{when}",
    "nofacts.years": "没有 years 记录{when}",
    "nofacts.field": "没有 years.<年份>.{field}",
    "nofacts.field_in_year": "没有 years.{year}.{field}",
    "nofacts.in_year": "（{year} 年）",
    "nofacts.none": "本主体没有任何事实涉及此条目",
    "error.no_subject": "--subject：事实中没有 id 为 {id!r} 的主体",
    "error.no_item": "--item：{item!r} 不是本政策的条目（见 `jjpolicy measures`）",
    # ---- 文本与 Markdown 说明（audit.py） ------------------------------------------------------
    "head": "{item}{year}{basis} · {status:status}{amount}",
    "head.year": " · {year} 年",
    "head.basis": " · 依据 {basis}",
    "head.amount": " {amount:yuan}",
    "text.total": "合计 {amount:yuan}",
    "text.clause": "  条款 {section:quote} {title:quote} [{measure}]",
    "text.quote": "    「{original:quote}」",
    "text.gloss": "",
    "text.conditions": "  条件（[x] 满足，[ ] 不满足，[-] 不适用）：",
    "text.condition": "    {mark} {text}{path}",
    "text.path": "（路径 {path}）",
    "text.audit": "  核算：{audit}",
    "text.reason": "  原因 {code:code}（{code}）：{detail}",
    "text.decided": "  决定结果的解读：{ids:*}",
    "md.total": "合计：**{amount:yuan}**",
    "md.clause": "> {section:quote} {title:quote} [{measure}]",
    "md.quote": "> 「{original:quote}」",
    "md.gloss": "",
    "md.conditions": "| | 条件 | 代码 | 路径 |",
    "md.audit": "核算：{audit}",
    "md.reason": "- **{code:code}**（{code}）：{detail}",
    "md.decided": "决定结果的解读：{ids:*}",
    # ---- 组合审核报告（audit.py） --------------------------------------------------------------
    "report.title": "{policy:quote} 审核报告：{title}",
    "report.summary": "主体 {subjects} 个 · 奖励 {awards} 项 · 合计：{total}{year}",
    "report.year": " · {year} 年",
    "report.by_measure": "按措施合计",
    "report.subjects": "主体",
    "report.subject_total": "合计：{total}",
    "report.award": "{item} · {year} 年 · {amount:yuan} · 依据 {basis}",
    "report.quote": "[{measure:measure}] 「{original:quote}」",
    "report.support": "获得的支持：",
    "report.support_line": "{item} · {year} 年",
    "report.denied": "不予奖励：",
    "report.reason.md": "**{code:code}**（{code}）：{detail}",
    "report.reason.html": '<span class="code">{code:code}</span>（{code}）：{detail}',
    "report.warning": "提示：{warning}",
    "html.lang": "zh-Hans",
    "html.gloss": "",
    "col.measure": "措施",
    "col.awards": "奖励项数",
    "col.amount": "金额（{unit}）",
    "col.subject": "主体",
    "col.name": "名称",
    "col.denied": "不予项数",
    "col.total": "合计（{unit}）",
    "col.item": "条目",
    "col.year": "年度",
    "col.basis": "依据",
    "col.reasons": "原因",
    "col.grounds": "理由 / 原因",
    "col.condition": "条件",
    "col.code": "代码",
    "col.path": "路径",
    "col.rate": "金额 / 比例",
    "col.cap": "上限",
    "col.clause": "条款",
    # ---- 终端表格（render.py） -----------------------------------------------------------------
    "table.fixed": "定额，{measure:measure}",
    "table.support": "支持",
    "table.denied": "不予",
    "table.reason": "{code:code}：{detail}",
    "table.other_policy": "其他政策",
    "table.other": "{policy} 支付 {amount:yuan}，不计入本政策金额：{taken}",
    "table.taken": "采用",
    "table.not_taken": "未采用",
    "table.total": "{id} 合计：{amount:yuan}",
    "table.warning": "提示：",
    "table.portfolio.1": "全部合计{year}：{amount:yuan}，共 {count} 个主体",
    "table.portfolio.n": "全部合计{year}：{amount:yuan}，共 {count} 个主体",
    "table.year": "（{year} 年）",
    "table.by_measure": "按措施合计{year}",
    "table.by_year": "按年度合计",
    "table.all": "合计",
    # ---- 条目目录（cli.py measures） -----------------------------------------------------------
    "measures.title": "{policy:quote}：条目",
    "measures.support": "支持（非资金）",
    "measures.cap.all": "{amount:fig}",
    "measures.cap.level": "{level:digital_level} {amount:fig}",
    "params.title": "参数（--param 名称=数值）",
    "params.name": "名称",
    "params.kind": "类型",
    "params.value": "数值",
    "params.test": "比较",
    "params.test.reaches": "以上（≥，含本数）",
    "params.test.exceeds": "超过（>，不含本数）",
    # ---- 假设分析（cli.py whatif） -------------------------------------------------------------
    "whatif.head": "{subject}：{before:yuan} -> {after:yuan}（变化 {delta:yuan}）",
    "whatif.set": "  设 {path} = {value}",
    "whatif.change": "  {item} {year} 年 {basis}：{before} -> {after}",
    # ---- 命令行（cli.py） ----------------------------------------------------------------------
    "report.wrote.1": "已写入 {out}：{count} 个主体，合计 {total:yuan}",
    "report.wrote.n": "已写入 {out}：{count} 个主体，合计 {total:yuan}",
    "error.cannot_read": "{name}：无法读取：{error}",
    "error.cannot_write": "--out：无法写入 {out}：{error}",
    "error.set_syntax": "--set[{n}]：应为 PATH=VALUE（实际为 {value!r}）",
    "error.year": "{year} 不在政策有效期的年度内（{first}..{last}）",
    "error.summary_json": "--summary 是表格的汇总：请不要与 --format json 同用",
    "error.time_limit.one": "主体 {subject!r}：未能在 {seconds:g} 秒内（JJPOLICY_TIME_LIMIT）证明最优奖励组合；宁可不给结果，也不给可能并非最优的结果。请报告此主体。",
    "error.time_limit.many": "{count} 个主体：未能在 {seconds:g} 秒内（JJPOLICY_TIME_LIMIT）证明最优奖励组合；宁可不给结果，也不给可能并非最优的结果。请报告此主体。",
    "error.encodings": "编码有误（这是 jjpolicy 的缺陷，不是输入的问题）：",
    "help.usage": "用法：",
    "help.options": "选项：",
    "help.commands": "命令：",
    "help.main": "jjpolicy：把{policy:quote}写成规则。\n\n按晋江市加快推动县域重点产业链高质量发展若干措施的每一项措施评估企业事实（JSON，jjpolicy.facts/1），并说明每一项奖励和不予奖励的理由。",
    "help.evaluate": "评估 FILE（- 表示标准输入）：奖励、支持、不予奖励及原因，最后按措施和年度合计（--summary：只打印合计）。 FILE 可以是 JSON（jjpolicy.facts/1）、JSON Lines（.jsonl：每行一个主体，按流读取）或 Excel 登记表（.xlsx，见 `jjpolicy template`）。退出码 0 已评估，2 输入不可用，3 使用 --keep-going 时跳过了部分主体。\n\n\b\n示例：\n    jjpolicy evaluate facts/portfolio.json --lang zh\n\n    jjpolicy evaluate facts/portfolio.json --format json --year 2025",
    "help.explain": "说明一个主体的每一项奖励和不予奖励：条件、事实、政策数额、条款原文、计算过程。\n\n\b\n示例：\n    jjpolicy explain facts/portfolio.json --subject E01 --item 2.1/equipment_update\n\n    jjpolicy explain facts/portfolio.json --subject E03 --format json",
    "help.report": "写出一个组合的审核报告：先按措施合计，再列出每个主体的奖励及其依据、不予奖励及其原因。HTML 为单个自包含、可打印的文件。\n\n\b\n示例：\n    jjpolicy report facts/portfolio.json --out report.html\n\n    jjpolicy report facts/portfolio.json --out report.md      # 按扩展名写 Markdown\n\n    jjpolicy report facts/portfolio.json --out -              # Markdown 输出到标准输出",
    "help.whatif": "假设分析：某主体的事实或政策的数额不同会怎样：前后结果与差额。带 --subject：该主体在修改（--set、--add-event、--drop-event）和政策调整（--param）前后的结果。不带：整个文件在政策调整前后的结果：按措施、按年度的合计，受益和受损的主体，变化最大的主体。\n\n\b\n示例：\n    jjpolicy whatif facts/portfolio.json --subject E02 --set events.P1.equipment_purchase=6000000\n\n    jjpolicy whatif facts/portfolio.json --param 2.1/equipment_update.rate=6%",
    "help.measures": "条目目录：每个条目的金额或比例、上限及其条款原文。\n\n\b\n示例：\n    jjpolicy measures --format json",
    "help.default": "默认：{default}",
    "help.required": "必填",
    "help.opt.help": "显示本帮助并退出。",
    "help.opt.version": "显示版本并退出。",
    "help.opt.lang": "说明文字的语言：zh（简体中文）或 en。默认取 JJPOLICY_LANG，否则按区域设置 LANG、LC_ALL、LC_MESSAGES（中文为 zh，其余为 en）。代码、id、JSON 键不随语言改变。",
    "help.opt.format": "输出格式。",
    "help.opt.year": "只保留这一年的结果，可选 {years:*}（叠加规则始终在整个有效期内判定）。",
    "help.opt.summary": "只打印按措施和按年度的合计。",
    "help.opt.awards_only": "只计算奖励、支持和其他政策的支付，快约 1.5 至 1.8 倍：不给奖励依据，不列未获奖项（contract.md，Awards only）。",
    "help.opt.subject": "主体的 id。",
    "help.opt.item": "只说明此条目（没有事实涉及时也会说明）。",
    "help.opt.out": "报告写到哪里；- 表示标准输出。",
    "help.opt.report_format": "md 或 html；默认按 --out 的扩展名（.md、.markdown 为 md，其余为 html；- 为 md）。",
    "help.opt.set": "对该主体的一项修改，PATH=VALUE：years.2025.industrial_output=600000000、events.P1.equipment_purchase=6000000、kind=enterprise。可重复使用 --set 做多项修改。也可新增可选字段或年度：years.2024.key_industrial_enterprise=true。",
    "help.opt.reading": "切换 docs/ambiguities.md 中的一项解读，ID=VALUE，例如 A2=top_up；可重复使用（`jjpolicy readings` 列出可切换的解读）。",
    "help.opt.qualify_item": "要达到的条目，例如 4.2/digital_demo。",
    "help.qualify": "由求解器找出使某主体获得某条目所需的最小事实改动：先改动事实最少，再以元计差距最小。每项改动都以 whatif 选项的形式列出。\n\n\b\n示例：\n    jjpolicy qualify facts/portfolio.json --subject E05 --item 4.2/digital_demo",
    "help.readings": "列出 --reading ID=VALUE 可切换的解读（docs/ambiguities.md）：默认值与其他取值。\n\n\b\n示例：\n    jjpolicy evaluate facts/portfolio.json --reading A2=top_up --reading A3=cumulative",
    "help.schema": "输出输入格式 jjpolicy.facts/1 的 JSON Schema（draft 2020-12），供编辑器和其他系统在提交前检查。它由校验器所用的字段表生成；Schema 表达不了的（id 唯一、other_awards 须指向本主体的事件等）只由 evaluate 检查。docs/facts.schema.json 为其副本。\n\n\b\n示例：\n    jjpolicy schema > facts.schema.json",
    "qualify.where": "{item}（{year} 年）",
    "qualify.cannot": "{subject}：改动其自身事实无法获得 {item}：",
    "qualify.reason": "  {code}：{detail}",
    "qualify.already": "{subject}：{item} 已获得",
    "qualify.needs": "{subject}：获得 {item} 需改动 {count} 项事实（差距 {distance:yuan}）：",
    "qualify.pays": "改动后 {item} 奖励 {amount:yuan}",
    "qualify.support": "改动后获得 {item}（支持事项）",
    "qualify.not_paid": "改动后 {item} 符合条件但不予奖励：",
    "readings.row": "{id:<4} 默认 {default:<18} 或 {others}",
    "text.readings": "已切换的解读：{switched}（其余为默认）",
    "deny.before_force": "events[{event}] 日期为 {date}，早于政策正式施行日 {in_force}（解读 {readings}：不参照执行）",
    "deny.higher_first": "events[{event}]（{date}）已先达到本系列更高的级别（解读 {readings}：不予奖励）",
    "audit.terms": "{terms:plus} = {exact:exact} 元，向下取整到分为 {floored:yuan}；上限 {caps:*}；实付 {paid:yuan}{note}",
    "audit.term": "{pct} × {base:yuan}（{field}）",
    "audit.subsidy": "（解读 {readings}：按泉州市核定补助金额）",
    "help.opt.evaluate_format": "输出格式：table 或 json；批量时可用 jsonl（每行一个主体的结果）、csv 或 xlsx（需 --out）。",
}
