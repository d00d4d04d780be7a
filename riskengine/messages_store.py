"""User-facing text of the store-touching commands (tasks, findings, history, rollup, audit, tokens, db).

Merged into :data:`riskengine.messages.CATALOG`; Chinese first, English for ``RISKENGINE_LANG=en``.
"""

from __future__ import annotations

STORE_MESSAGES: dict[str, dict[str, str]] = {
    "db_upgraded": {"zh": "数据库 {url} 已是最新版本 {revision}", "en": "database {url} is at revision {revision}"},
    "by_help": {"zh": "操作人（姓名或工号；也可用环境变量 RISKENGINE_USER）。",
                "en": "who does this (name or staff id; or RISKENGINE_USER)."},
    "version_help": {"zh": "你查看时的任务版本（tasks show 显示）；任务已被他人修改时操作失败。",
                     "en": "the task version you looked at (tasks show); fails if someone changed it since."},
    "tasks_head": {"zh": "共 {n} 项整改任务（{by_status}；逾期 {overdue}）",
                   "en": "{n} tasks ({by_status}; {overdue} overdue)"},
    "task_columns": {"zh": "任务编号|状态|逾期|数据核验|社区|岗位|等级|规则|整改期限|销号日期|版本|整改事项",
                     "en": "Task|Status|Overdue|Data check|Org|Post|Level|Rule|Deadline|Closed|Version|Title"},
    "overdue_mark": {"zh": "逾期", "en": "overdue"},
    "task_changed": {"zh": "整改任务 {task_id}（{title}，岗位 {post_id}）：{before} → {after}（版本 {version}）",
                     "en": "task {task_id} ({title}, post {post_id}): {before} → {after} (version {version})"},
    "task_closed": {"zh": "整改任务 {task_id}（{title}，岗位 {post_id}）已于 {closed_on} 销号（版本 {version}）",
                    "en": "task {task_id} ({title}, post {post_id}) closed on {closed_on} (version {version})"},
    "exported": {"zh": "整改台账已写入 {path}（{n} 项任务）", "en": "rectification ledger written to {path} ({n} tasks)"},
    "verdict_recorded": {"zh": "问题 {finding_id}（{rule_id}）已认定为：{label}",
                         "en": "finding {finding_id} ({rule_id}) marked {label}"},
    "suppressed_until": {"zh": "同一规则、同一批记录的该问题在 {date} 前不再生成整改任务（屏蔽编号 {id}）",
                         "en": "this rule on these records opens no task until {date} (suppression {id})"},
    "suppression_revoked": {"zh": "屏蔽 {id} 已撤销", "en": "suppression {id} revoked"},
    "audit_ok": {"zh": "审计记录完整：{entries} 条记录，{chains} 条链，哈希全部核对一致",
                 "en": "audit trail intact: {entries} entries in {chains} chains, every hash verified"},
    "audit_broken": {"zh": "审计记录被改动（共 {n} 处问题）：", "en": "audit trail tampered with ({n} problems):"},
    "token_created": {"zh": "已创建令牌 {token_id}（组织 {org_id}，角色 {role}）。令牌只显示这一次，请妥善保存：",
                      "en": "token {token_id} created (org {org_id}, role {role}). It is shown only once:"},
    "token_revoked": {"zh": "令牌 {token_id} 已撤销", "en": "token {token_id} revoked"},
    "no_rows": {"zh": "（无）", "en": "(none)"},
    "list_sep": {"zh": "，", "en": ", "},
    "status_open": {"zh": "待整改", "en": "open"},
    "status_in_progress": {"zh": "整改中", "en": "in progress"},
    "status_submitted": {"zh": "待审核", "en": "submitted"},
    "status_closed": {"zh": "已销号", "en": "closed"},
    "status_reopened": {"zh": "重新整改", "en": "reopened"},
    "observation_observed": {"zh": "仍存在", "en": "observed"},
    "observation_verified_by_data": {"zh": "核验通过", "en": "verified by data"},
    "observation_not_observed": {"zh": "未再发现待核实", "en": "not observed, to confirm"},
}
