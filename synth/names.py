"""Chinese name material for the synthetic world: people, places and companies.

Every picker takes the caller's ``random.Random`` so that names follow the world's seed.
The places are generic (城关街道, 幸福社区, 李家村) and the province, city and district are
invented, so no planted violation can be read as a statement about a real community.
"""

from __future__ import annotations

import random

# Common surnames, most frequent first; the weights below give the usual skew (王李张刘陈 ...).
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖"
    "石金韦贾夏付方邹熊白孟秦"
)
_SURNAME_WEIGHTS = tuple(1.0 / (1 + i / 6) for i in range(len(SURNAMES)))

GIVEN_MALE = (
    "伟 强 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 斌 波 宇 浩 建国 建华 "
    "志强 志明 国强 海峰 永刚 春生 德华 文斌 俊杰 子豪 宇航"
).split()
GIVEN_FEMALE = (
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 红 琳 萍 颖 洁 秀英 桂英 "
    "玉兰 秀兰 春梅 海燕 丽华 晓红 美玲 雨萱 欣怡 思琪 梓涵"
).split()

STREET_NAMES = (
    "城关街道 东城街道 西城街道 南湖街道 北山街道 新华街道 人民路街道 解放街道 朝阳街道 "
    "和平街道 中山街道 江滨街道 青山街道 凤凰街道 金桥街道 龙泉街道"
).split()

COMMUNITY_NAMES = (
    "幸福 和谐 阳光 文化 建设 胜利 友谊 团结 民主 光明 长安 翠湖 锦绣 花园 "
    "滨江 新民 振兴 永安 康乐 丰收 育才 书香 向阳 春晖 东风 红旗 工农 兴华 "
    "桂苑 荷塘 金秋 银杏 梧桐 丹桂 紫荆 南苑 北苑 东苑 西苑 明珠 新城 古城"
).split()
VILLAGE_NAMES = (
    "李家 王家 张家 刘家 陈家 杨家 黄家 赵家 周家 吴家 石桥 柳树 大坪 新田 "
    "东湖 西岭 南塘 北坡 枫林 竹园 桃源 杏花 青龙 白马 双河 三合 五里 七星 "
    "高岭 龙潭 沙坪 松山 马鞍 铁炉 水口 山背 塘头 坪上 下湾 上寨 中和 太平"
).split()

PROVINCE_NAME = "江南省"
CITY_NAME = "清河市"
DISTRICT_NAMES = ("清源区", "临川区", "望江区", "云溪区")

_COMPANY_BRANDS = (
    "鑫达 宏远 恒信 盛源 金诚 华泰 永兴 博远 众诚 瑞丰 嘉禾 广源 正泰 天成 "
    "隆昌 锦程 汇通 信达 鼎盛 安泰 顺发 新航 润丰 志诚 德信 伟业 同创 启航 "
    "和顺 兴旺 长青 恒达 明辉 聚力 方圆 海纳 宏图 万家 百川 亿成 立信 创新"
).split()
_COMPANY_TRADES = (
    "建筑工程 装饰工程 市政工程 园林绿化 劳务 办公用品 电子科技 物业服务 保洁服务 "
    "印务 建材 五金机电 信息技术 环境工程 水电安装 餐饮管理 文化传媒 安防科技 家具 "
    "农业发展"
).split()


def person_name(rng: random.Random, *, surname: str | None = None, female: bool | None = None) -> str:
    """A plausible Chinese personal name; ``surname`` keeps a family name (children, siblings)."""
    if surname is None:
        surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    if female is None:
        female = rng.random() < 0.5
    return surname + rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)


def company_name(rng: random.Random, city: str = CITY_NAME) -> str:
    """A company name such as 清河市鑫达建筑工程有限公司 (callers de-duplicate)."""
    return f"{city}{rng.choice(_COMPANY_BRANDS)}{rng.choice(_COMPANY_TRADES)}有限公司"


def unified_credit_code(serial: int, *, region: str = "450102") -> str:
    """An 18-character 统一社会信用代码 with a valid GB 32100-2015 check character.

    The organisation-code part is derived from ``serial`` so codes are unique and deterministic.
    """
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    org_code = "MA" + _base31(serial, 7, alphabet)
    body = "91" + region + org_code
    total = sum(alphabet.index(ch) * w for ch, w in zip(body, weights, strict=True))
    return body + alphabet[(31 - total % 31) % 31]


def _base31(n: int, width: int, alphabet: str) -> str:
    digits = []
    for _ in range(width):
        n, rem = divmod(n, 31)
        digits.append(alphabet[rem])
    return "".join(reversed(digits))
