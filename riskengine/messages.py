"""All user-facing text of the engine and CLI, in one place.

Chinese is the default; set ``RISKENGINE_LANG=en`` for English. Rule messages come from
rule packs (in the pack's own language) and are not translated here.
"""

from __future__ import annotations

import os

CATALOG: dict[str, dict[str, str]] = {
    "no_data": {"zh": "缺少 {type} 数据，未评估", "en": "not evaluated: no {type} data"},
    "rule_failed": {"zh": "检测 {where} 运行出错，未评估：{error}", "en": "{where} failed, not evaluated: {error}"},
    "rule_broken": {"zh": "规则未能加载，未评估：{error}", "en": "rule did not load, not evaluated: {error}"},
    "detector_output_missing": {"zh": "检测器输出缺少列：{columns}", "en": "detector output lacks columns: {columns}"},
    "level_high": {"zh": "一级（高）", "en": "Level 1 (high)"},
    "level_medium": {"zh": "二级（中）", "en": "Level 2 (medium)"},
    "level_low": {"zh": "三级（低）", "en": "Level 3 (low)"},
    "inherent": {"zh": "岗位固有风险（{powers}）", "en": "inherent risk of the post ({powers})"},
    "pack_problems": {"zh": "规则包有错误（其余规则照常评估）：", "en": "rule pack problems (other rules still run):"},
    "plugin_problems": {"zh": "插件有错误（其余插件照常加载）：", "en": "plugin problems (other plugins still load):"},
    "rejected_rows": {"zh": "有 {n} 行数据不符合要求，未参与评估：", "en": "{n} rows were rejected and not evaluated:"},
    "not_evaluated_orgs": {"zh": "{rule}：{n} 个社区（村）数据不足未评估，例如：{example}",
                           "en": "{rule}: not evaluated for {n} orgs with too little data, e.g. {example}"},
    "not_evaluated_rules": {"zh": "未评估的规则：", "en": "rules not evaluated:"},
    "strict_failed": {"zh": "严格模式：{what}，评估不予通过", "en": "strict mode: {what}; failing the run"},
    "strict_rejected": {"zh": "{n} 行数据被拒收", "en": "{n} rows rejected"},
    "strict_not_evaluated": {"zh": "{n} 条规则未评估", "en": "{n} rules not evaluated"},
    "strict_pack_problems": {"zh": "规则包或插件有错误", "en": "rule packs or plugins have errors"},
    "summary": {
        "zh": "评估 {assessment_id}：{posts} 个岗位，一级 {high} 个、二级 {medium} 个、三级 {low} 个；问题 {findings} 条，整改任务 {tasks} 项",
        "en": "assessment {assessment_id}: {posts} posts, {high} high, {medium} medium, {low} low; {findings} findings, {tasks} tasks",
    },
    "col_level": {"zh": "等级", "en": "Level"},
    "col_post": {"zh": "岗位", "en": "Post"},
    "col_org": {"zh": "社区", "en": "Org"},
    "col_title": {"zh": "职务", "en": "Title"},
    "col_score": {"zh": "得分", "en": "Score"},
    "col_reasons": {"zh": "主要问题", "en": "Top reasons"},
    "override": {"zh": "直接定级：{reason}", "en": "override: {reason}"},
    "written_to": {"zh": "结果已写入 {path}", "en": "result written to {path}"},
    "demo_written": {"zh": "示例数据已生成：{path}（{rows} 行，含真实情况对照 truth.json）",
                     "en": "demo dataset written to {path} ({rows} rows, with truth.json)"},
    "progress_label": {"zh": "评估规则", "en": "Evaluating rules"},
    "more_rejected": {"zh": "……另有 {n} 条，详见 JSON 结果的 rejected", "en": "... and {n} more, see 'rejected' in the JSON result"},
    "notice": {"zh": "提示：{text}", "en": "notice: {text}"},
    # HTTP service (riskengine serve)
    "upload_too_large": {"zh": "上传文件过大，上限 {limit}", "en": "upload too large; the limit is {limit}"},
    "upload_not_zip": {"zh": "上传的应为 .zip 压缩包（台账文件）或一个 .xlsx 工作簿", "en": "upload a .zip of ledger files or one .xlsx workbook"},
    "upload_bad_zip": {"zh": "压缩包已损坏，无法读取：{error}", "en": "the archive is damaged: {error}"},
    "upload_too_many_files": {"zh": "压缩包内文件过多：{n} 个，上限 {limit} 个", "en": "too many files in the archive: {n}, the limit is {limit}"},
    "upload_symlink": {"zh": "压缩包内不得含符号链接：{name}", "en": "the archive must not contain symbolic links: {name}"},
    "upload_encrypted": {"zh": "压缩包内文件已加密，无法读取：{name}", "en": "encrypted archive member: {name}"},
    "upload_ratio": {"zh": "压缩包内文件 {name} 压缩比异常（超过 {limit} 倍），疑似压缩炸弹，已拒收", "en": "{name} expands more than {limit} times (a zip bomb?); refused"},
    "upload_uncompressed": {"zh": "压缩包解压后过大，上限 {limit}", "en": "the archive expands beyond {limit}"},
    "upload_path_escapes": {"zh": "压缩包内文件路径不合法（不得为绝对路径或含 ..）：{name}", "en": "archive member path escapes the archive: {name}"},
    "upload_out_of_scope": {"zh": "数据中有 {n} 个社区（村）不属于令牌所辖的 {org}：{orgs}，未保存", "en": "{n} orgs of the dataset lie outside {org}, the token's org: {orgs}; nothing saved"},
    "auth_missing": {"zh": "未提供有效的访问令牌（请求头 Authorization: Bearer <令牌>）", "en": "no valid API token (header Authorization: Bearer <token>)"},
    "auth_forbidden": {"zh": "当前角色（{role}）无权执行此操作", "en": "the role {role} may not do this"},
    "not_found": {"zh": "{what} {id} 不存在", "en": "{what} {id} not found"},
    "version_mismatch": {"zh": "{what} {id} 已被他人修改（当前版本 {current}，提交的版本 {given}），请刷新后重试", "en": "{what} {id} was changed by someone else (version {current}, you sent {given}); reload and retry"},
    "version_required": {"zh": "修改前须提供版本号（请求头 If-Match 或请求体 version）", "en": "send the version you read (If-Match header or 'version' field)"},
    "job_interrupted": {"zh": "评估任务中断（服务进程停止或失联），请重新提交", "en": "the assessment job was interrupted (its worker stopped); submit it again"},
    "bad_request": {"zh": "请求参数有误：{error}", "en": "bad request: {error}"},
    "server_error": {"zh": "服务内部错误，请联系管理员", "en": "internal server error"},
}

# The store-touching commands keep their sentences in their own module, merged here (one catalogue).
from .messages_store import STORE_MESSAGES  # noqa: E402

CATALOG.update(STORE_MESSAGES)


def language() -> str:
    lang = os.environ.get("RISKENGINE_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, **values: object) -> str:
    """The message ``key`` in the user's language, formatted with ``values``."""
    entry = CATALOG[key]
    return entry.get(language(), entry["zh"]).format(**values)
