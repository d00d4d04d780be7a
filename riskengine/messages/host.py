"""Sentences of loading plugins (riskengine.host): versions, registrations, the plugin template."""

from __future__ import annotations

HOST_MESSAGES: dict[str, dict[str, str]] = {
    # Plugin versions (RISKENGINE_REQUIRES) and the plugin template (riskengine.host.template).
    "plugin_incompatible": {"zh": "插件 {plugin} 需要 riskengine {requires}，当前为 {version}，未加载",
                            "en": "plugin {plugin} needs riskengine {requires} but this is {version}; not loaded"},
    "plugin_requires_invalid": {"zh": "插件 {plugin} 声明的 RISKENGINE_REQUIRES 无法识别：{requires!r}，未加载",
                                "en": "plugin {plugin} declares an unreadable RISKENGINE_REQUIRES {requires!r}; not loaded"},
    "plugin_new_bad_name": {"zh": "插件名 {name!r} 不可用：须以小写字母开头，只含小写字母、数字和下划线（2 至 40 个字符）",
                            "en": "plugin name {name!r} is not usable: a lowercase letter, then lowercase letters, digits and underscores (2 to 40 characters)"},
    "plugin_new_not_empty": {"zh": "目录 {path} 已存在且不为空，未写入", "en": "{path} exists and is not empty; nothing written"},
    # Registering what plugins give (riskengine.host.plugins).
    "plugin_load_failed": {"zh": "插件 {plugin} 无法加载，已跳过：{error}", "en": "plugin {plugin} could not be loaded and was skipped: {error}"},
    "plugin_problem": {"zh": "插件 {plugin}：{error}", "en": "plugin {plugin}: {error}"},
    "plugin_hook_failed": {"zh": "插件 {plugin} 的 {hook} 出错：{error}", "en": "plugin {plugin} failed in {hook}: {error}"},
    "plugin_not_record_type": {"zh": "插件 {plugin} 注册的记录类型不是 RecordType：{value}", "en": "plugin {plugin} registered a record type that is not a RecordType: {value}"},
    "record_type_taken": {"zh": "记录类型 {type} 已由 {plugin} 注册", "en": "record type {type} is already registered by {plugin}"},
    "plugin_not_detector": {"zh": "插件 {plugin} 注册的检测器不是 Detector：{value}", "en": "plugin {plugin} registered a detector that is not a Detector: {value}"},
    "detector_taken": {"zh": "检测器 {detector} 重名：插件 {plugin} 与 {other} 都注册了它", "en": "detector {detector} is registered twice: by plugin {plugin} and by {other}"},
}
