/**
 * The subjects the simulated platform teaches, in Chinese and English. Titles, descriptions, tags,
 * search queries, reviews and questions are all composed from these words, so a text-based
 * recommender finds the same topic signal in an item's text that drives the learners' choices.
 *
 * Each entry is `中文|English`; `topics[t].subjects` name what a course is about and
 * `topics[t].aspects` the things a lesson or review talks about.
 *
 * @example
 *   const t = topics[0]!;       // programming
 *   bilingual(t.subjects[0]!);  // { zh: 'Python 数据分析', en: 'Python Data Analysis' }
 */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface Topic {
  /** Stable machine name, used as the item's `category`. */
  readonly key: string;
  readonly name: Bilingual;
  readonly subjects: readonly Bilingual[];
  readonly aspects: readonly Bilingual[];
  /** Who the courses are for, a sentence fragment. */
  readonly audience: Bilingual;
}

export function bilingual(pair: string): Bilingual {
  const bar = pair.indexOf('|');
  return Object.freeze({ zh: pair.slice(0, bar), en: pair.slice(bar + 1) });
}

function topic(key: string, name: string, audience: string, subjects: string[], aspects: string[]): Topic {
  return Object.freeze({
    key,
    name: bilingual(name),
    audience: bilingual(audience),
    subjects: Object.freeze(subjects.map(bilingual)),
    aspects: Object.freeze(aspects.map(bilingual)),
  });
}

export const topics: readonly Topic[] = Object.freeze([
  topic('programming', '编程开发|Programming', '想转行或提升效率的开发者|developers who want to level up',
    ['Python 数据分析|Python Data Analysis', 'JavaScript 全栈开发|Full-Stack JavaScript',
      'Java 后端开发|Java Backend Development', 'Go 语言编程|Go Programming',
      '数据结构与算法|Data Structures and Algorithms', 'Linux 运维|Linux Administration'],
    ['数据清洗|data cleaning', '可视化|visualisation', '函数与模块|functions and modules',
      '面向对象|object-oriented design', '并发编程|concurrency', '性能优化|performance tuning',
      '单元测试|unit testing', '数据库|databases', '接口设计|API design', '调试技巧|debugging']),
  topic('ai', '人工智能|Artificial Intelligence', '对 AI 感兴趣的工程师和产品人|engineers and product people curious about AI',
    ['机器学习|Machine Learning', '深度学习|Deep Learning', '大模型应用|LLM Applications',
      '计算机视觉|Computer Vision', '自然语言处理|Natural Language Processing'],
    ['线性回归|linear regression', '神经网络|neural networks', '模型评估|model evaluation',
      '特征工程|feature engineering', '提示词工程|prompt engineering', '向量检索|vector search',
      '梯度下降|gradient descent', '注意力机制|attention', '模型部署|model deployment']),
  topic('finance', '财经理财|Finance', '希望管好自己钱袋子的上班族|working people who want to manage their money',
    ['个人理财|Personal Finance', '基金投资|Fund Investing', '股票入门|Stock Market Basics',
      '财务报表分析|Financial Statement Analysis', '经济学思维|Economic Thinking'],
    ['资产配置|asset allocation', '复利|compound interest', '风险控制|risk management', '估值|valuation',
      '现金流|cash flow', '指数基金|index funds', '通货膨胀|inflation', '保险规划|insurance planning',
      '税务筹划|tax planning']),
  topic('languages', '语言学习|Languages', '需要在工作和考试中用外语的人|anyone who needs another language for work or exams',
    ['英语口语|Spoken English', '雅思备考|IELTS Preparation', '日语|Japanese', '商务英语|Business English',
      '英语语法|English Grammar'],
    ['发音|pronunciation', '听力|listening', '词汇|vocabulary', '写作|writing', '阅读|reading',
      '语法|grammar', '日常对话|everyday conversation', '面试表达|interview English', '五十音|kana']),
  topic('health', '健康养生|Health', '想要更健康生活方式的你|anyone who wants a healthier life',
    ['科学健身|Science-Based Fitness', '营养与饮食|Nutrition and Diet', '睡眠管理|Better Sleep', '瑜伽|Yoga',
      '中医养生|Traditional Chinese Wellness'],
    ['减脂|fat loss', '力量训练|strength training', '体态矫正|posture', '饮食搭配|meal planning',
      '睡眠节律|sleep rhythm', '拉伸|stretching', '慢病预防|chronic disease prevention',
      '压力管理|stress management']),
  topic('career', '职场提升|Career', '希望在职场更进一步的你|professionals who want to move up',
    ['高效沟通|Effective Communication', '时间管理|Time Management', 'Excel 数据处理|Excel for Data',
      'PPT 设计|Presentation Design', '求职面试|Job Interviews', '职场写作|Business Writing'],
    ['工作汇报|reporting to your manager', '结构化思考|structured thinking', '简历|resumes',
      '演讲|public speaking', '数据透视表|pivot tables', '谈判|negotiation', '向上管理|managing up',
      '复盘|retrospectives', '目标管理|goal setting']),
  topic('history', '历史人文|History', '喜欢历史、想读懂过去的人|readers who want to understand the past',
    ['中国通史|Chinese History', '世界史|World History', '宋朝简史|The Song Dynasty', '三国史话|The Three Kingdoms',
      '古希腊罗马|Greece and Rome'],
    ['王朝兴衰|the rise and fall of dynasties', '人物传记|biographies', '制度变迁|institutions',
      '战争与外交|war and diplomacy', '经济与社会|economy and society', '文化艺术|culture and art',
      '史料阅读|reading sources', '丝绸之路|the Silk Road']),
  topic('psychology', '心理学|Psychology', '想更了解自己和他人的人|people who want to understand themselves and others',
    ['积极心理学|Positive Psychology', '社会心理学|Social Psychology', '情绪管理|Managing Emotions',
      '亲密关系|Relationships', '认知心理学|Cognitive Psychology'],
    ['幸福感|well-being', '焦虑|anxiety', '自我认知|self-awareness', '习惯养成|habit building', '记忆|memory',
      '决策偏差|decision biases', '沟通模式|communication patterns', '依恋|attachment']),
  topic('parenting', '亲子教育|Parenting', '希望陪孩子更好成长的父母|parents who want to help their children grow',
    ['儿童心理|Child Psychology', '亲子阅读|Reading with Children', '青春期沟通|Talking with Teenagers',
      '家庭教育|Family Education', '幼小衔接|Starting School'],
    ['情绪引导|emotional coaching', '专注力|attention', '阅读习惯|reading habits', '规则与边界|rules and boundaries',
      '学习动力|motivation to learn', '屏幕时间|screen time', '手足关系|sibling relationships']),
  topic('art', '艺术设计|Art and Design', '热爱美、想动手创作的人|people who love beauty and want to create',
    ['摄影|Photography', '平面设计|Graphic Design', '素描|Drawing', '古典音乐欣赏|Classical Music',
      '书法|Chinese Calligraphy'],
    ['构图|composition', '色彩|colour', '光影|light and shadow', '排版|typography', '线条|line work',
      '作品赏析|appreciation', '后期修图|photo editing', '笔法|brushwork']),
  topic('business', '商业管理|Business', '创业者和管理者|founders and managers',
    ['创业实战|Starting a Business', '市场营销|Marketing', '产品经理|Product Management', '团队管理|Team Leadership',
      '商业模式|Business Models'],
    ['用户增长|user growth', '品牌|branding', '需求分析|requirements analysis', '用户研究|user research',
      '定价|pricing', '团队激励|motivating a team', '融资|fundraising', '私域运营|community operations',
      '数据驱动决策|data-driven decisions']),
  topic('exams', '考试考研|Exams', '正在备考的同学|students preparing for an exam',
    ['考研数学|Postgraduate Math', '考研英语|Postgraduate English', '公务员考试|Civil Service Exam',
      '教师资格证|Teacher Certification', 'CPA 会计|CPA Accounting'],
    ['真题解析|past papers', '高等数学|calculus', '线性代数|linear algebra', '申论|essay writing',
      '行测|aptitude tests', '备考规划|study planning', '错题复盘|reviewing mistakes',
      '会计准则|accounting standards']),
]);

/** Searches the platform cannot answer (no item matches): they leave a learner empty-handed. */
export const unanswerableQueries: readonly Bilingual[] = Object.freeze(
  ['区块链|blockchain', '炒股秘籍|get rich quick', 'Rust 嵌入式|embedded Rust', '塔罗牌|tarot reading',
    '量子计算|quantum computing'].map(bilingual),
);
