/**
 * The word lists the review sentiment scorer reads: words and phrases with a valence (−3 … +3)
 * in Chinese and English as learners write about courses, audio lectures and books, plus the
 * negators, intensifiers, softeners, "excess" markers (太 / too) and contrast words that change
 * the words after them. Entries are written naturally (`不值`, `waste of time`); the scorer cuts each
 * entry with the same tokenizer as the reviews, so phrases match however jieba segments them.
 *
 * Lists are comma-separated; valence is the list's, so a word's strength is set by where it sits.
 *
 * @example
 *   lexiconEntries().find(([w]) => w === '物超所值');  // ['物超所值', 3]
 */

const zhPositive3 = `物超所值, 强烈推荐, 五星好评, 受益匪浅, 醍醐灌顶, 茅塞顿开, 深入浅出, 干货满满, 超值, 惊艳, 完美,
  精彩绝伦, 极力推荐, 太棒了, 神课, 宝藏, 相见恨晚, 五体投地, 叹为观止, 拍案叫绝, 无可挑剔, 顶级, 一流, 最好, 最棒`;
const zhPositive2 = `推荐, 值得, 值, 物有所值, 划算, 超赞, 赞, 棒, 好评, 满意, 喜欢, 清晰, 清楚, 透彻, 明白, 易懂, 通俗易懂,
  扎实, 实用, 干货, 收获, 收获很大, 有收获, 学到, 有用, 有帮助, 帮助很大, 受益, 启发, 有启发, 精彩, 生动, 有趣,
  用心, 专业, 系统, 全面, 详细, 细致, 细腻, 到位, 丰富, 高效, 精炼, 精辟, 优秀, 出色, 靠谱, 良心, 感谢, 谢谢, 喜欢听,
  耐心, 幽默, 条理清晰, 逻辑清晰, 思路清晰, 重点突出, 由浅入深, 循序渐进, 性价比高, 上手, 贴近实际, 接地气,
  派上用场, 用上, 用得上, 值得购买, 值得一听, 值得反复, 二刷, 三刷, 期待, 好课, 好评如潮, 开窍, 通了, 懂了,
  豁然开朗, 一针见血, 有深度, 深入, 少走弯路, 节奏适中, 干净利落, 严谨, 严密, 合理, 舒服, 轻松, 流畅, 及时,
  认真, 经验丰富, 不枯燥, 有料, 良好, 漂亮, 精美, 精致, 精良, 巧妙, 精妙, 深刻, 印象深刻, 深厚, 功底深厚, 扎实,
  短小精悍, 精悍, 精彩纷呈, 引人入胜, 妙趣横生, 风趣, 有意思, 开阔, 打开, 思路打开, 开眼界, 大开眼界, 涨知识,
  长知识, 提升, 进步, 成长, 突破, 解决, 解惑, 答疑解惑, 贴心, 负责, 负责任, 热情, 真诚, 亲切, 用心良苦, 花了心思,
  心血, 诚意, 满满, 充实, 充分, 透亮, 准确, 权威, 前沿, 新鲜, 独到, 独特, 见解, 干练, 利落, 高质量, 质量高, 水平高,
  厉害, 牛, 很牛, 给力, 好用, 好听, 好懂, 好学, 爱了, 喜爱, 热爱, 感激, 庆幸, 幸运, 开心, 愉快, 享受, 惊喜,
  信服, 佩服, 敬佩, 点赞, 支持, 回购, 复购, 必买, 必听, 安利, 种草, 串起来, 融会贯通, 举一反三, 学以致用, 落地,
  可操作, 操作性强, 实操, 实战性强, 针对性强, 有条理, 条理, 结构清晰, 框架清晰, 成体系, 体系化, 系统化,
  妙, 巧, 难得, 细心, 用功, 积极, 正能量, 爽, 舒心, 省心, 省时, 省事, 放心, 安心, 踏实, 流利, 标准, 地道, 稳妥,
  功不可没, 立竿见影, 事半功倍, 一目了然, 一听就懂, 一看就懂, 明明白白, 清清楚楚, 头头是道, 娓娓道来, 妙语连珠,
  精准, 到点, 切中要害, 点睛, 透彻明白, 好好学, 收益, 回本, 赚到, 赚了, 值了, 不亏, 没白买, 没有白买, 不后悔,
  一口气, 停不下来, 上瘾, 入迷, 着迷, 爱不释手, 欲罢不能, 有成就感, 成就感, 自信, 信心, 坚持下来, 学完`;
const zhPositive1 = `好, 不错, 挺好, 还好, 可以, 还可以, 还行, 行, 合适, 适中, 正合适, 刚刚好, 方便, 愿意, 满足, 实在, 新颖,
  简洁, 明了, 完整, 齐全, 周到, 稳, 清爽, 入门友好, 友好, 便宜, 高, 简单, 适合, 适用, 顺利, 顺畅, 自然, 平易近人,
  及格, 过得去, 有意义, 值回票价, 够用, 认可, 同意, 正常, 稳定, 好看`;
const zhNegative1 = `一般, 普通, 平淡, 平庸, 偏慢, 偏快, 偏浅, 偏难, 略难, 有点难, 稍难, 贵, 偏贵, 昂贵, 慢, 浅, 难, 旧, 枯燥,
  单调, 无聊, 乏味, 累, 吃力, 费劲, 听不懂, 看不懂, 跟不上, 听不清, 看不清, 错误, 口误, 错别字, 杂音, 噪音, 模糊,
  缺乏, 缺少, 不足, 欠缺, 拖沓, 冗长, 拖, 凑, 凑数, 凑课时, 注水, 重复, 生硬, 难懂, 晦涩, 过时, 陈旧, 老旧, 失效,
  不清楚, 不明白, 不清晰, 不够深入, 不深入, 皮毛, 浅尝辄止, 蜻蜓点水, 一带而过, 跳过, 省略, 口音, 卡顿, 延迟,
  遗憾, 可惜, 美中不足, 瑕疵, 不方便, 麻烦, 困惑, 迷茫, 疑惑, 不解, 费解, 凌乱, 分散, 零散, 零碎, 碎片化,
  不稳定, 掉线, 打不开, 看不了, 没更新, 断更, 停更, 鸡肋, 可有可无, 差强人意, 光说不练, 纸上谈兵, 空洞, 空泛,
  笼统, 含糊, 模棱两可, 太少, 很少, 偏少, 不实用, 不适合, 不够, 勉强, 凑合, 将就, 消极, 负面, 压抑, 沉闷,
  拖拉, 磨蹭, 卡, 卡住, 卡死, 闪退, 报错, 跑不通, 跑不起来, 空, 虚, 虚高, 偏高, 不处理, 不管, 没人管, 不理,
  不相关, 跑题, 离题, 偏题, 扯远, 闲聊, 闲扯, 一模一样, 雷同, 换汤不换药, 重复收费, 坚持不下去, 熬不下去,
  误人子弟, 撑不起, 配不上, 不匹配, 不对口, 不实, 不符, 不一致, 不完整, 残缺, 缺失, 丢失, 没讲, 没讲清楚`;
const zhNegative2 = `失望, 后悔, 不值, 水, 太水, 很水, 啰嗦, 啰唆, 废话, 敷衍, 乱, 混乱, 杂乱, 差, 很差, 较差,
  不好, 不推荐, 不建议, 不建议购买, 浪费, 浪费时间, 浪费钱, 坑, 坑人, 糟糕, 烂, 垃圾, 忽悠, 标题党, 骗, 被骗, 误导,
  念稿, 念稿子, 照本宣科, 照着念, 读ppt, 东拼西凑, 一头雾水, 云里雾里, 不知所云, 放弃, 听不下去, 看不下去, 退款,
  申请退款, 退钱, 鸡汤, 全是鸡汤, 没干货, 没有干货, 毫无, 推销, 广告, 卖课, 割韭菜, 韭菜, 粗糙, 没必要买,
  全是理论, 纯理论, 空讲理论, 简陋, 糊弄, 拼凑, 差劲, 不专业, 不负责, 不回复, 没人回复, 没人理, 不耐烦, 乱七八糟,
  对不上, 矛盾, 前后矛盾, 体验很差, 体验差, 不满意, 差评, 踩雷, 雷, 劝退, 扯淡, 胡扯, 不靠谱, 缺乏体系, 没体系,
  没有体系, 肤浅, 浮于表面, 泛泛而谈, 反感, 厌烦, 讨厌, 恶心, 生气, 气愤, 无语, 崩溃, 痛苦, 煎熬, 难受, 郁闷,
  天花乱坠, 夸大, 夸大其词, 虚假, 虚假宣传, 名不副实, 货不对板, 言过其实, 吹嘘, 吹牛, 夸张, 套路, 圈钱, 捞钱,
  骗局, 抄袭, 照搬, 搬运, 水课, 凑时长, 错漏百出, 漏洞百出, 错误百出, 不如, 还不如, 不及, 比不上, 低劣, 劣质,
  质量差, 水平差, 不行, 不怎么样, 不合格, 不及格, 太贵, 坑钱, 骗人, 后悔买, 上当, 上当受骗, 吃亏, 得不偿失`;
const zhNegative3 = `极差, 太差, 垃圾课, 骗钱, 骗子, 千万别买, 别买, 不要买, 强烈不推荐, 浪费生命, 智商税, 坑爹,
  后悔死了, 一星, 最差, 最烂, 极其失望, 非常失望, 垃圾中的垃圾, 一无是处, 毫无价值, 惨不忍睹, 糟透了`;

const enPositive3 = `excellent, outstanding, superb, brilliant, fantastic, amazing, awesome, exceptional, masterful, perfect,
  highly recommend, highly recommended, strongly recommend, worth every penny, worth every minute, worth every yuan,
  five stars, 5 stars, life changing, game changer, best course, loved it, love it, must buy, must have, gem,
  incredible, phenomenal, magnificent, terrific, stellar, flawless, best, the best, top notch, first class,
  world class, a must, masterpiece, exemplary, remarkable, extraordinary, marvellous, marvelous`;
const enPositive2 = `great, good value, value for money, worth it, worth, worthwhile, recommend, recommended, clear, clearly,
  crisp, lucid, useful, helpful, practical, hands on, insightful, inspiring, engaging, fun, enjoyable, enjoyed,
  interesting, thorough, comprehensive, solid, well organised, well organized, well structured, well paced,
  well explained, well spent, money well spent, easy to follow, easy to understand, informative, effective,
  efficient, thoughtful, detailed, knowledgeable, experienced, expert, professional, polished, rigorous, logical,
  concise, focused, accessible, friendly, patient, responsive, relevant, valuable, rewarding, learned a lot,
  learnt a lot, love, loved, like, liked, enjoy, satisfied, happy, impressed, impressive, wonderful, nice, gentle,
  makes sense, made sense, finally understand, eye opening, refreshing, solid content, thanks, thank,
  grateful, helped, clarity, quickly, looking forward, well done, saved me, just right, right pace, beautiful,
  beautifully, lovely, elegant, clever, smart, creative, original, fresh, memorable, stick, sticks, vivid, lively,
  calm, confident, warm, kind, caring, supportive, dedicated, passionate, enthusiastic, charismatic, articulate,
  eloquent, fluent, organised, organized, structured, coherent, consistent, accurate, precise, reliable,
  trustworthy, authoritative, up to date, current, modern, deep, depth, in depth, rich, packed, substance,
  substantial, meaningful, powerful, transformative, empowering, motivating, motivated, encouraging, confidence,
  bite sized, digestible, approachable, intuitive, straightforward, seamless, generous, bonus, delight,
  delightful, pleasure, pleased, glad, thrilled, excited, recommend it, happily, appreciate, appreciated,
  gained, improve, improved, progress, success, succeeded, passed, ace, aced, tied together, connects, connected,
  thoughtful reply, favourite, favorite, top, superior, better than, exceeded, exceeds, beyond expectations,
  pleasant, joy, joyful, steady, positive, uplifting, click, clicked, finally get, finally got, aha, breakthrough,
  careful, attentive, diligent, hardworking, instructive, educational, enlightening, illuminating, profound,
  essential, indispensable, invaluable, priceless, bargain, steal, nailed, nails, spot on, on point, to the point,
  addictive, binge, binged, could not stop, couldnt stop, hooked, gripping, captivating, compelling, riveting,
  fascinating, absorbing, proud, accomplished, confident now, finished it, completed it, recommend to`;
const enPositive1 = `good, fine, okay, ok, decent, nice enough, pretty good, reasonable, fair, simple, smooth,
  affordable, easy, better, improved, keep up, comfortable, adequate, acceptable, solid enough, works, useful enough,
  convenient, handy, neat, tidy, correct, clean, quick, suitable, appropriate, manageable`;
const enNegative1 = `slow, basic, shallow, short on, dry, dull, boring, tedious, repetitive, confusing, confused,
  unclear, vague, lost, hard, difficult, expensive, pricey, outdated, dated, errors, error, mistakes, mistake,
  typos, noise, noisy, quiet, blurry, unreadable, lacking, lacks, missing, average, mediocre, bland, generic,
  superficial, rushed, rambles, rambling, jargon, overwhelming, struggled, struggle, meh, stale, broken, buggy,
  glitchy, laggy, skips, skipped, races, racing, hurried, thin, sparse, scattered, fragmented, incomplete,
  unfinished, inconsistent, inaccurate, incorrect, wrong, flawed, awkward, clunky, stiff, monotonous, sleepy,
  uninspiring, unengaging, forgettable, underwhelming, underwhelmed, unimpressed, hype, hyped, overhyped,
  scratches the surface, surface level, only scratches, stretched, dragged, drags, padded, long winded, wordy,
  verbose, off putting, pushy, pushing, accent, muffled, inaudible, hard to follow, hard to hear, barely,
  only theory, no examples, few examples, no practice, all talk, unfortunately, sadly, complicated, convoluted,
  disjointed, irrelevant, unnecessary, not enough, not much, too little, lackluster, lacklustre, negative,
  draining, depressing, gloomy, inflated, overcharged, freezing, freezes, frozen, crash, crashes, crashed,
  lag, lags, glitches, bugs, doesnt work, does not work, not working, identical, duplicate, duplicated,
  off topic, unrelated, tangent, tangents, anecdotes, rambled, dragging, drag on, drags on, exhausted,
  mislead, misleads, misinformation, adds nothing, nothing new, no support, unanswered, unresponsive,
  could not finish, couldnt finish, did not finish, quit, quitting, abandoned, dropped out, dropped it`;
const enNegative2 = `bad, poor, poorly, disappointing, disappointed, disappointment, regret, waste, wasted, waste of time,
  waste of money, not worth, overpriced, rip off, ripoff, misleading, clickbait, disorganised, disorganized,
  messy, mess, chaotic, sloppy, lazy, lazier, unprepared, unprofessional, useless, pointless, worthless,
  annoying, frustrating, frustrated, irritating, unhelpful, ignored, nobody answered, no answer, no substance,
  fluff, filler, padding, self promotion, sales pitch, upsell, refund, gave up, give up, cannot stand,
  could not stand, contradict, contradicts, contradictory, fooled, recycled, copied, patchwork,
  zero energy, monotone, reads from, reading from, not recommend, dont recommend, dont bother, do not bother,
  nothing like, no structure, all theory, only theory, just theory, never explained, not explained,
  poor experience, bad experience, unwatchable, low quality, poor quality, bad quality, terrible quality,
  regretted, regrettable, ashamed, angry, annoyed, upset, unhappy, dissatisfied, unsatisfied, hate, hated,
  dislike, disliked, cheated, deceived, deceptive, dishonest, false, fake, exaggerated, overrated, mistake buying,
  ridiculous, nonsense, junk, amateur, amateurish, incompetent, careless, shoddy, subpar, sub par, second rate,
  inferior, weak, flimsy, hollow, empty, no value, little value, no new, nothing new, all hype, stolen,
  plagiarised, plagiarized, cash grab, money grab, not good, no good, not helpful, not useful, not clear,
  painful, unbearable, torture, infuriating, exhausting, waste my time, wasted my time, should have skipped`;
const enNegative3 = `terrible, awful, horrible, worst, garbage, rubbish, trash, scam, total waste, complete waste,
  avoid, avoid it, stay away, one star, 1 star, pathetic, appalling, atrocious, dreadful, disgraceful, abysmal,
  horrendous, useless garbage, utter waste, absolute waste, fraud, never again, worst course`;

/** Phrases that look like sentiment but are not (felt like = seemed): matched first so their words score nothing. */
const neutralPhrases = `feel like, feels like, felt like, look like, looks like, looked like, seem like, seems like, seemed like,
  sound like, sounds like, just like, would like, like a, like the, like this, like that, 好像, 就像, 像是, 无论`;

/** Words that flip the valence of a sentiment word that follows within a few tokens. */
export const negators: readonly string[] = split(`不, 没, 没有, 没什么, 没啥, 无, 未, 别, 非, 并不, 并非, 并没有, 从不, 从没, 从来不, 毫不, 不会, 不用,
  不是, 不太, 不怎么, 不够, 谈不上, 算不上, 称不上, 少,
  not, no, never, nothing, none, nobody, neither, nor, without, hardly, barely, cannot, cant, dont, doesnt, didnt,
  isnt, wasnt, arent, werent, wont, wouldnt, shouldnt, couldnt, havent, hasnt, hadnt, aint, lack, lacks, lacking`);

/** Words that scale the next sentiment word (multiplier). */
export const intensifiers: ReadonlyMap<string, number> = new Map([
  ...pairs(`很 1.3, 非常 1.6, 特别 1.5, 十分 1.5, 极其 1.8, 极为 1.8, 超 1.5, 超级 1.6, 相当 1.4, 真 1.3, 真的 1.3,
    真是 1.3, 实在 1.3, 挺 1.1, 蛮 1.1, 最 1.6, 更 1.2, 越来越 1.3, 完全 1.5, 根本 1.5, 简直 1.6, 巨 1.6, 贼 1.5,
    有点 0.7, 有些 0.7, 稍微 0.6, 略 0.6, 略微 0.6, 比较 0.8, 还算 0.8, 一点 1.2, 一点也 1.5, 一点都 1.5,
    very 1.3, really 1.3, truly 1.4, extremely 1.7, incredibly 1.7, super 1.5, so 1.3, highly 1.4, absolutely 1.6,
    totally 1.5, completely 1.5, utterly 1.7, genuinely 1.3, particularly 1.3, especially 1.3, quite 1.1, most 1.4,
    painfully 1.6, deeply 1.4, far 1.3, much 1.2, at all 1.5,
    somewhat 0.7, slightly 0.6, a bit 0.7, a little 0.7, kind of 0.7, sort of 0.7, fairly 0.8, rather 0.9`),
]);

/**
 * "Too much" markers: before a sentiment word they intensify it (太棒了, too good to miss); before a
 * word the lexicon does not know they make it a complaint (太快, too basic), because excess is a fault.
 */
export const excessMarkers: ReadonlyMap<string, number> = new Map(pairs(`太 1.5, 过于 1.5, 过分 1.5, 太过 1.5,
  too 1.4, overly 1.4, excessively 1.5`));

/** Valence given to an unknown word after an excess marker. */
export const excessValence = -1.5;

/**
 * Contrast words: what follows them is what the writer means (前面不错，但是后面很水), so the clause
 * before weighs less and the clause after more. `although` works the other way round.
 */
export const contrastAfter: readonly string[] = split('但, 但是, 可是, 不过, 然而, 只是, 可惜, 却, but, however, yet, though, unfortunately, sadly');
export const contrastBefore: readonly string[] = split('虽然, 尽管, 虽说, although, while, despite');

/** Every valenced entry of both languages with its valence. */
export function lexiconEntries(): [string, number][] {
  const lists: [string, number][] = [
    [zhPositive3, 3], [zhPositive2, 2], [zhPositive1, 1], [zhNegative1, -1], [zhNegative2, -2], [zhNegative3, -3],
    [enPositive3, 3], [enPositive2, 2], [enPositive1, 1], [enNegative1, -1], [enNegative2, -2], [enNegative3, -3],
    [neutralPhrases, 0],
  ];
  const out: [string, number][] = [];
  for (const [list, valence] of lists) for (const w of split(list)) out.push([w, valence]);
  return out;
}

function split(list: string): string[] {
  return list.split(/[,，]/).map((w) => w.trim()).filter((w) => w !== '');
}

function pairs(list: string): [string, number][] {
  return split(list).map((entry) => {
    const at = entry.lastIndexOf(' ');
    return [entry.slice(0, at).trim(), Number(entry.slice(at + 1))];
  });
}
