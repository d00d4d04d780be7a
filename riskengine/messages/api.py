"""Text of the HTTP API's description (``/openapi.json``, ``/docs``): operations, fields, responses.

Merged into :data:`riskengine.messages.CATALOG`. Routes and models name these keys in their
``description=`` (and operations by their function name: ``api.op.<name>`` is the summary,
``api.doc.<name>`` the description); :mod:`riskengine.service.openapi` puts the text of the
user's language in their place when it builds the schema.
"""

from __future__ import annotations

API_MESSAGES: dict[str, dict[str, str]] = {
    "api.description": {
        "zh": "清廉社区廉政风险评估服务（riskengine serve）。\n\n每个 `/api` 请求须带请求头 `Authorization: Bearer <令牌>`"
              "（用 `riskengine tokens create --org 组织 --role 角色` 生成）。令牌可见其组织及下级组织；"
              "其余对象一律答复 404，与不存在的对象完全相同。",
        "en": "Integrity-risk assessment of community posts (riskengine serve).\n\nEvery `/api` request carries "
              "`Authorization: Bearer <token>` (create one with `riskengine tokens create --org ORG --role ROLE`). "
              "A token sees its org and the orgs under it; anything else answers 404, exactly like an object "
              "that does not exist.",
    },
    "what_org": {"zh": "组织", "en": "org"},
    "api.security.bearer": {"zh": "riskengine tokens create 生成的访问令牌", "en": "an API token from riskengine tokens create"},
    # Responses.
    "api.resp.ok": {"zh": "成功", "en": "Successful Response"},
    "api.resp.422": {"zh": "请求参数不符合要求", "en": "Validation Error"},
    "api.resp.400": {"zh": "请求有误", "en": "bad request"},
    "api.resp.401": {"zh": "未提供有效的访问令牌", "en": "no valid API token"},
    "api.resp.403": {"zh": "角色无权执行此操作", "en": "the token's role may not do this"},
    "api.resp.404": {"zh": "不存在，或不在令牌的管辖范围内", "en": "does not exist, or lies outside the token's orgs"},
    "api.resp.409": {"zh": "版本已变（他人先改）或当前状态不允许此操作",
                     "en": "the version changed (someone else changed it first) or the state does not allow this"},
    "api.resp.428": {"zh": "未提供版本号（If-Match 或 version）", "en": "no version sent (If-Match or version)"},
    "api.resp.upload_413": {"zh": "上传过大或解压后过大（压缩炸弹）", "en": "upload too large, or too large unpacked (zip bomb)"},
    "api.resp.evidence_413": {"zh": "佐证材料文件过大", "en": "the evidence file is too large"},
    "api.resp.evidence_415": {"zh": "佐证材料文件类型不允许，或内容与扩展名不符",
                              "en": "the evidence file's type is not allowed, or its content does not match its suffix"},
    "api.resp.evidence_file": {"zh": "上传的佐证材料文件（作为附件下载）", "en": "the uploaded evidence file (as an attachment)"},
    "api.resp.suppression_409": {"zh": "该屏蔽已撤销", "en": "the suppression is already revoked"},
    # Parameters and fields.
    "api.field.limit": {"zh": "每页条数", "en": "page size"},
    "api.field.assessment_id": {"zh": "评估编号（默认：最近一次）", "en": "assessment id (default: the newest)"},
    "api.field.org_id": {"zh": "社区、街道或区（含下级组织）", "en": "a community, street or district (and the orgs below it)"},
    "api.field.if_match": {"zh": "你读取时任务的 ETag，例如 \"3\"", "en": "the ETag of the task you read, e.g. \"3\""},
    "api.field.version": {"zh": "你读取时的任务版本；已有更新版本时答复 409",
                          "en": "the task version you read; a newer one → 409"},
    "api.field.note": {"zh": "说明：退回、重新打开和销号时必填", "en": "why: required to reject, reopen and close"},
    "api.field.on": {"zh": "销号日期（仅销号；默认今天）", "en": "closing date (close only; default today)"},
    "api.field.override_reason": {"zh": "最近一次评估仍发现该问题时仍予销号的理由",
                                  "en": "close although the latest assessment still observes the problem"},
    "api.field.file_ref": {"zh": "佐证材料的存放位置（档案编号、路径）", "en": "a file reference (archive number, path)"},
    "api.field.evidence_file": {"zh": "佐证材料文件：PDF、OFD、图片（jpg、png 等）、Word、Excel 或纯文本，不超过 20 MB",
                                "en": "an evidence file: PDF, OFD, an image (jpg, png …), Word, Excel or plain text, "
                                      "at most 20 MB"},
    "api.field.uploaded": {"zh": "文件内容已上传保存（可下载）", "en": "the file's bytes are stored (downloadable)"},
    "api.field.dataset_file": {"zh": "台账文件的 .zip 压缩包，或一个 .xlsx 工作簿",
                               "en": "a .zip of ledger files, or one .xlsx workbook"},
    "api.field.as_of": {"zh": "评估基准日（默认今天）", "en": "assessment date (default today)"},
    "api.field.orgs": {"zh": "令牌可见的组织数", "en": "how many orgs the token's scope covers"},
    "api.field.job_result": {"zh": "保存结果：新增、仍存在、重新打开的整改任务数等",
                             "en": "what saving did: tasks new / seen / reopened …"},
    "api.field.closure_rate": {"zh": "销号率：已销号任务 / 全部任务", "en": "closure rate: closed / all tasks"},
    "api.field.disclosure_rate": {"zh": "公开率：按时公开月数 / 应公开月数",
                                  "en": "disclosure rate: months disclosed on time / months due"},
    "api.field.suppression_state": {"zh": "状态：有效、已过期或已撤销", "en": "state: active, expired or revoked"},
    "api.field.revoke_reason": {"zh": "撤销理由（记入审计记录）", "en": "why it is revoked (kept in the audit trail)"},
}

# Operations: a summary (api.op.<function>) and a description (api.doc.<function>).
_OPERATIONS: dict[str, tuple[str, str, str, str]] = {  # name: (zh summary, en summary, zh doc, en doc)
    "health": ("服务状态", "Health",
               "服务在运行且数据库可访问（无需令牌，供负载均衡和脚本使用）。",
               "The service is up and its database answers (no token needed: for load balancers and scripts)."),
    "whoami": ("当前令牌", "Who am I",
               "调用者的令牌：组织、角色及可见的组织数。", "The caller's token: org, role and how many orgs its scope covers."),
    "upload": ("上传数据集并评估", "Upload a dataset to assess",
               "上传台账（.zip 或 .xlsx），后台评估；轮询 Location 所示的任务状态。上传在受理前即检查大小、文件数、压缩比、路径和链接。",
               "Queue an assessment of the uploaded ledgers (.zip or .xlsx); poll Location for its status. The upload "
               "is checked before it is accepted: size, file count, compression ratio, paths, links."),
    "get_job": ("评估任务状态", "An assessment job",
                "评估任务的状态：排队、运行中、成功（附评估编号）或失败（附原因）。",
                "A job's status: queued, running, succeeded (with the assessment id) or failed (with the reason)."),
    "list_jobs": ("评估任务列表", "Assessment jobs", "调用者组织的评估任务，最新在前。",
                  "Assessment jobs of the caller's orgs, newest first."),
    "list_assessments": ("已保存的评估", "Saved assessments", "评估了可见岗位的已保存评估，最新在前。",
                         "Saved assessments that rated at least one post in scope, newest first."),
    "get_assessment": ("一次评估", "One assessment", "一次已保存的评估及其在调用者范围内的部分。",
                       "One saved assessment, with what of it lies within the caller's scope."),
    "assessment_document": ("评估结果文档", "Assessment document", "评估结果文档（RESULT.md），岗位、问题和任务限于可见范围。",
                            "The assessment's result document (RESULT.md), its posts, findings and tasks limited to the scope."),
    "assessment_posts": ("评估的岗位", "Posts of an assessment", "一次评估评定的岗位及其得分构成。",
                         "The posts an assessment rated, with their contributions."),
    "get_post": ("岗位", "A post", "岗位在一次评估（默认最近一次）中的等级、得分构成、问题和整改任务。",
                 "A post as one assessment (the newest by default) rated it: contributions, findings, tasks."),
    "post_history": ("岗位历史", "Post history", "岗位在历次评估中的等级、得分和整改任务变化，最早在前。",
                     "The post's level, score and task events over every saved assessment, oldest first."),
    "explain_post": ("岗位定级说明", "Why a post has its level", "岗位为何是该等级：固有风险、各规则得分、各问题、阈值和调整。",
                     "Why the post has its level, in plain words: inherent risk, each rule's points, each finding, "
                     "the thresholds and any override."),
    "list_findings": ("问题清单", "Findings", "一次评估（默认最近一次）在范围内的问题及最新认定。",
                      "Findings of one assessment (the newest by default) within scope, with their newest verdict."),
    "record_verdict": ("认定问题", "Record a verdict", "认定问题：查实、不实（须说明理由，可屏蔽至某日）或已纠正。",
                       "Record a verdict: confirmed, false positive (with a reason; may be suppressed until a date) "
                       "or corrected."),
    "list_verdicts": ("问题的认定记录", "Verdicts on a finding", "对一个问题的全部认定，最早在前。",
                      "Every verdict recorded on a finding, oldest first."),
    "list_suppressions": ("屏蔽列表", "Suppressions", "范围内对不实问题的屏蔽，可按组织、规则和状态（有效、已过期、已撤销）筛选。",
                          "Suppressions of false positives within scope, by org, rule and state (active, expired, revoked)."),
    "revoke_suppression": ("撤销屏蔽", "Revoke a suppression", "撤销屏蔽：下次评估起该问题重新生成整改任务；记入审计记录。",
                           "Revoke a suppression: from the next assessment on the finding opens a task again; audited."),
    "list_tasks": ("整改任务列表", "Rectification tasks", "范围内的整改任务，可按状态、组织、岗位、等级和是否逾期筛选。",
                   "Tasks within scope, by status, org, post, level and overdue."),
    "get_task": ("整改任务", "A task", "一项整改任务及其佐证材料和审计记录；ETag 为其版本。",
                 "One task with its evidence and audit trail; the ETag is its version."),
    "task_events": ("整改任务审计记录", "A task's audit trail", "任务的审计记录，最早在前：谁、何时、做了什么、为什么。",
                    "The task's audit trail, oldest first: who did what, when and why."),
    "start": ("开始整改", "Start", "待整改或重新整改 → 整改中。", "open / reopened → in_progress."),
    "submit": ("提交审核", "Submit for review", "→ 待审核，附佐证：说明和/或材料。",
               "→ submitted, with evidence: a note and/or file references."),
    "close": ("审核销号", "Close", "待审核 → 已销号，由审核人办理，销号人不能是责任岗位。",
              "submitted → closed by a reviewer, who must not be the responsible post."),
    "reject": ("退回", "Send back", "待审核 → 整改中，须说明理由。", "submitted → in_progress, with a reason."),
    "reopen": ("重新打开", "Reopen", "已销号 → 重新整改（升级），须说明理由。", "closed → reopened (escalated), with a reason."),
    "upload_evidence": ("上传佐证材料", "Upload evidence",
                        "上传一个佐证材料文件到任务：状态不变，版本加一（须提供读取时的版本）。文件不得为空、不超过 20 MB，"
                        "类型须为允许的类型且内容与扩展名相符。",
                        "Store a file as evidence of the task: its status stays, its version goes up (send the version "
                        "read). The file may not be empty, at most 20 MB, of an allowed type whose content matches its "
                        "suffix."),
    "list_evidence": ("佐证材料列表", "A task's evidence", "任务的佐证材料：说明、文件引用和上传的文件（不含内容）。",
                      "The task's evidence, oldest first: notes, file references and uploaded files (without bytes)."),
    "download_evidence": ("下载佐证材料", "Download evidence", "下载上传的佐证材料文件（作为附件）。",
                          "An uploaded evidence file's bytes, as an attachment."),
    "org_history": ("组织历史", "Org history", "组织（及下级）在历次评估中的岗位等级、问题和整改任务。",
                    "An org's (and the orgs below it) posts by level, findings and tasks per saved assessment."),
    "rollup": ("汇总", "Rollup", "按社区、街道和合计：岗位等级、未销号和逾期任务、销号率、查实率、公开率。",
               "Posts by level, open and overdue tasks, closure, confirmation and disclosure rates, per community, "
               "street and in total."),
}
for _name, (_zh, _en, _zh_doc, _en_doc) in _OPERATIONS.items():
    API_MESSAGES[f"api.op.{_name}"] = {"zh": _zh, "en": _en}
    API_MESSAGES[f"api.doc.{_name}"] = {"zh": _zh_doc, "en": _en_doc}
