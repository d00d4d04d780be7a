"""Sentences of the HTTP service (riskengine.service): uploads, authentication, versions."""

from __future__ import annotations

SERVICE_MESSAGES: dict[str, dict[str, str]] = {
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
