/**
 * The 39 public service items (政务服务事项清单), document 004; DOMAIN.md §9.
 * Pure data: seeded into the database and read by the service-case workflow.
 *
 * Source: ../shared/seeds/004_ff7a6d13b9e9a3c8.txt (江门市医疗保障经办政务服务事项清单).
 * The table there has merged cells and misaligned rows; per-item comments say where a value was
 * taken from another row or column. Materials and legal bases are split on their "N." numbering
 * (the numbers themselves are dropped); text, including half-/full-width brackets, is as printed.
 */
export const serviceSteps = ['collect', 'query', 'apply', 'accept', 'review', 'disburse', 'complete'] as const;
/** collect 采集, query 查询, apply 申请, accept 受理, review 审核, disburse 拨付, complete 办结 */
export type ServiceStep = (typeof serviceSteps)[number];
export type HandlingLevel = 'municipal' | 'county' | 'town'; // 市 / 县（区） / 乡镇（街道）
export type TimeLimit =
  | { kind: 'workingDays'; days: number } // "N个工作日"
  | { kind: 'immediate' } // 即时办结
  | { kind: 'none'; note: string }; // "—" or "按协议管理…执行": no statutory limit
export interface CatalogueItemSeed {
  seq: number; // 1..39, the 子项序号
  code: string; // 12-digit 子项编码, e.g. '442189207001'
  name: string; // 子项 name in Chinese
  group: string; // 主项 name in Chinese, e.g. '基本医疗保险参保和变更登记'
  subItems: string[]; // 事项描述 variants listed for it (e.g. 7 for item 3); [] when '—'
  handlingLevels: HandlingLevel[];
  timeLimit: TimeLimit;
  /** Online-channel limit where the document sets a different one (e.g. remote-care filing online ≤2 working days). */
  onlineTimeLimit?: TimeLimit;
  steps: ServiceStep[]; // the 办理环节 chain, in order, e.g. ['apply','accept','review','complete']
  materials: string[]; // 办理材料, one string per numbered material, Chinese as in the document
  legalBasis: string[]; // 设定依据, one string per numbered reference
  remark?: string; // 备注 condensed, when it changes processing (e.g. sub-limits like 转出10/转入5 工作日)
}
export const serviceCatalogue: readonly CatalogueItemSeed[] = [
  // ── 一、基本医疗保险参保和变更登记 (主项编码 2189207) ──
  {
    // 事项描述/办理材料/办理层级/办理时限 are all "—" in the document (data collected from the tax department): subItems, materials and handlingLevels are [] and there is no time limit.
    seq: 1,
    code: '442189207001',
    name: '单位参保登记',
    group: '基本医疗保险参保和变更登记',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '清单为“—”：通过采集税务部门信息办理，无办理时限' },
    steps: ['collect', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第五十七条、第五十八条',
      '《香港澳门台湾居民在内地(大陆)参加社会保险暂行办法》（人力资源和社会保障部、国家医疗保障局令第四十一号）第二条、第三条、第四条、第十四条',
      '《在中国境内就业的外国人参加社会保险暂行办法》（人力资源和社会保障部令第十六号）第三条、第四条',
      '《广东省职工生育保险规定》（粤府令287号）',
      '《广东省医疗保障待遇清单》（粤医保规〔2022〕3号）',
      '《关于印发广东省社会保险费地税金全责征收实施办法（暂行）的通知》（粤劳社函〔2008〕1789号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark: '通过采集税务部门的缴费登记信息办理参保登记。',
  },
  {
    // 事项描述/办理材料/办理层级/办理时限 are all "—" in the document (data collected from the tax department): subItems, materials and handlingLevels are [] and there is no time limit.
    // 备注 and 设定依据 cells are empty on this row: merged with item 1 in the document.
    seq: 2,
    code: '442189207002',
    name: '职工参保登记',
    group: '基本医疗保险参保和变更登记',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '清单为“—”：通过采集税务部门信息办理，无办理时限' },
    steps: ['collect', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第五十七条、第五十八条',
      '《香港澳门台湾居民在内地(大陆)参加社会保险暂行办法》（人力资源和社会保障部、国家医疗保障局令第四十一号）第二条、第三条、第四条、第十四条',
      '《在中国境内就业的外国人参加社会保险暂行办法》（人力资源和社会保障部令第十六号）第三条、第四条',
      '《广东省职工生育保险规定》（粤府令287号）',
      '《广东省医疗保障待遇清单》（粤医保规〔2022〕3号）',
      '《关于印发广东省社会保险费地税金全责征收实施办法（暂行）的通知》（粤劳社函〔2008〕1789号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark: '通过采集税务部门的缴费登记信息办理参保登记。',
  },
  {
    // 7th 事项描述 (中途参保登记) sits in the 子项序号 column of the document (misaligned row).
    seq: 3,
    code: '442189207003',
    name: '城乡居民参保登记',
    group: '基本医疗保险参保和变更登记',
    subItems: [
      '港澳台居民参保登记',
      '政府资助参保的困难人员参保登记',
      '新生儿参保登记',
      '新生儿预参保登记',
      '学生参保登记',
      '持我市居住证参保登记',
      '中途参保登记',
    ],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['有效身份证件', '《城乡居民基本医疗保险参保登记表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第二十五条',
      '《香港澳门台湾居民在内地(大陆)参加社会保险暂行办法》（人力资源和社会保障部、国家医疗保障局令第四十一号）第二条、第三条、第四条、第十四条',
      '《关于印发〈外国人在中国永久居留享有相关待遇的办法〉的通知》（人社部发〔2012〕53号）',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》（医保发〔2020〕18号）',
      '《国家医疗保障局关于优化医保领域便民服务的意见》（医保发〔2021〕39号）',
      '《广东省医疗保障待遇清单》（粤医保规〔2022〕3号）',
      '《广东省人民政府办公厅转发省劳动和社会保障厅财政厅关于建立城镇居民基本医疗保险制度实施意见的通知》（粤府办〔2007〕75号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark:
      '我市居住证持有人、在我市居住且办理港澳台居民居住证的未就业港澳台居民在居住地参加居民医保；政府资助参保的困难人员、经审核符合条件的新生儿、已办理职工医保中止手续的人员、新迁入统筹区户籍的人员、中途转入统筹区就读学生、刑满释放人员、退役士兵等特殊群体，在当年医保年度可以按规定中途参加居民医保；孕程婴儿自孕期24周起可办理新生儿医保预参保；在校学生以学校为单位、集体经济组织（或村民委员会）的城乡居民以集体经济组织（或村民委员会）为单位统一办理；鼓励下放至村（社区）一级办理，鼓励将新生儿参保登记下放到定点医疗机构。',
  },
  {
    // 事项描述/办理材料/办理层级/办理时限 are all "—" in the document (data collected from the tax department): subItems, materials and handlingLevels are [] and there is no time limit.
    seq: 4,
    code: '442189207004',
    name: '单位参保信息变更登记',
    group: '基本医疗保险参保和变更登记',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '清单为“—”：通过采集税务部门信息办理，无办理时限' },
    steps: ['collect', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第八条、第五十七条',
      '《社会保险费征缴暂行条例》（国务院令259号）第九条',
      '《关于印发广东省社会保险费地税金全责征收实施办法（暂行）的通知》（粤劳社函〔2008〕1789号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark: '通过采集税务部门的变更信息办理参保信息变更登记。',
  },
  {
    // 事项描述/办理材料/办理层级/办理时限 are all "—" in the document (data collected from the tax department): subItems, materials and handlingLevels are [] and there is no time limit.
    // Row misaligned in the document (shifted left). 备注 empty: merged with item 4.
    seq: 5,
    code: '442189207005',
    name: '职工参保信息变更登记',
    group: '基本医疗保险参保和变更登记',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '清单为“—”：通过采集税务部门信息办理，无办理时限' },
    steps: ['collect', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第八条、第五十七条',
      '《社会保险费征缴暂行条例》（国务院令259号）第九条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》（医保发〔2020〕18号）',
      '《国家医疗保障局关于优化医保领域便民服务的意见》（医保发〔2021〕39号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark: '通过采集税务部门的变更信息办理参保信息变更登记。',
  },
  {
    // Row misaligned in the document (shifted left by two columns; sub-items 2–3 sit in the 子项 column).
    // 设定依据 cell is empty: merged with item 5 in the document.
    seq: 6,
    code: '442189207006',
    name: '城乡居民参保信息变更登记',
    group: '基本医疗保险参保和变更登记',
    subItems: ['参保信息变更登记', '居民医保停保减员', '居民医保退费申请'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《基本医疗保险城乡居民参保信息变更登记表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第三号）第八条、第五十七条',
      '《社会保险费征缴暂行条例》（国务院令259号）第九条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》（医保发〔2020〕18号）',
      '《国家医疗保障局关于优化医保领域便民服务的意见》（医保发〔2021〕39号）',
      '《广东省基本医疗保险参保管理经办规程》（粤医保函〔2021〕333号）',
    ],
    remark:
      '城乡居民参保人员的证件号码、户籍所在地址、居住地址等个人信息发生改变或办理中止、终止参保关系时申请；变更姓名、性别、身份证号、出生日期等关键信息的可要求提供必要的对应辅助材料；鼓励下放至村（社区）一级办理。',
  },
  // ── 二、基本医疗保险参保信息查询和个人账户一次性支取 (主项编码 2189208) ──
  {
    // 设定依据 cell is empty: merged cell shared by items 7–11, printed on item 9's row.
    seq: 7,
    code: '442189208001',
    name: '参保单位参保信息查询',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: [],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'complete'],
    materials: ['统一社会信用代码证书或介绍信'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第七十四条',
      '《社会保险费征缴暂行条例》(国务院令第259号)第十六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
    ],
  },
  {
    // 设定依据 cell is empty: merged cell shared by items 7–11, printed on item 9's row.
    seq: 8,
    code: '442189208002',
    name: '参保人员参保信息查询',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: [
      '查询个人账户信息',
      '查询医保个人账户划拨信息',
      '查询职工基本医疗保险参保信息',
      '查询城乡居民基本医疗保险参保信息',
      '查询生育保险参保信息',
      '查询职工医保参保缴费和支出明细',
      '查询城乡居民医保缴费和支出明细',
    ],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第七十四条',
      '《社会保险费征缴暂行条例》(国务院令第259号)第十六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
    ],
  },
  {
    // The document lists two material sets: (1 ID, 2 登记表) for 门诊选点登记 and (1 ID, 2 变更表) for 门诊选点变更; the common ID entry is listed once here. Queries need no material; per 000 §19–§20 the forms are filled in only at an agency counter.
    seq: 9,
    code: '442189208009',
    name: '医保定点机构查询',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['查询定点医疗机构', '定点医疗机构门诊选点登记', '定点医疗机构门诊选点变更', '查询定点零售药店'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['query', 'complete'],
    materials: [
      '医保电子凭证或有效身份证件或社保卡',
      '《江门市基本医疗保险门诊定点机构登记表》',
      '《江门市基本医疗保险门诊定点机构变更表》',
    ],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第七十四条',
      '《社会保险费征缴暂行条例》(国务院令第259号)第十六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
    ],
    remark: '门诊选点登记、门诊选点变更可在选定或变更后的定点医疗机构办理。',
  },
  {
    // 设定依据 cell is empty: merged cell shared by items 7–11, printed on item 9's row.
    seq: 10,
    code: '442189208008',
    name: '医保经办机构查询',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['查询医保经办机构', '查询异地就医医保经办机构'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['query', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第七十四条',
      '《社会保险费征缴暂行条例》(国务院令第259号)第十六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
    ],
  },
  {
    // 设定依据 cell is empty: merged cell shared by items 7–11, printed on item 9's row.
    seq: 11,
    code: '442189208007',
    name: '医药信息查询',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['查询医药信息'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['query', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第七十四条',
      '《社会保险费征缴暂行条例》(国务院令第259号)第十六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
    ],
  },
  {
    seq: 12,
    code: '442189208003',
    name: '参保人员个人账户一次性支取',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['死亡参保人个人账户一次性支取', '参保人出国(境)定居个人账户一次性支取', '参保人应征入伍个人账户一次性支取'],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 15 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《职工基本医疗保险个人账户一次性支取申请表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第十四条',
      '《香港澳门台湾居民在内地(大陆)参加社会保险暂行办法》(人力资源和社会保障部、国家医疗保障局令第41号)第七条',
      '《在中国境内就业的外国人参加社会保险暂行办法》(人力资源和社会保障部令第16号)第五条、第六条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工基本医疗保险门诊共济保障实施办法》(粤府办发〔2021〕56号)',
      '《广东省劳动和社会保障厅广东省财政厅关于加强和完善城镇职工基本医疗保险个人账户管理有关问题的通知》(粤劳社发〔2008〕8号)',
    ],
    remark:
      '因死亡支取的提供继承人身份证、银行卡账户信息，通过数据共享无法查询死亡信息的应提供个人承诺书；主动放弃参加职工基本医疗保险的，需提供主动放弃基本医疗保险的情况说明；参保期间应征入伍的，由本人申请，需提供入伍证明材料。',
  },
  {
    seq: 13,
    code: '442189208010',
    name: '个人账户资金跨统筹区转移',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['实账和虚账地区基本医疗保险关系转移接续', '虚账和虚账地区基本医疗保险关系转移接续'],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 15 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《国务院关于建立城镇职工基本医疗保险制度的决定》（国发〔1998〕44号）',
      '《广东省职工基本医疗保险门诊共济保障实施办法》（粤府办发〔2021〕56号）',
      '《关于加强城镇职工基本医疗保险个人账户的通知》（劳社厅发〔2002〕6号）',
      '《广东省劳动和社会保障厅广东省财政厅关于加强和完善城镇职工基本医疗保险个人账户管理有关问题的通知》（粤劳社发〔2008〕8号）',
    ],
    remark: '仅适用于实账和虚账地区、虚账和虚账地区之间个账资金的划转。',
  },
  {
    // 设定依据 cell is empty: merged with item 13 in the document.
    seq: 14,
    code: '442189208011',
    name: '个人账户资金归集',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['两个及以上个人账户的资金归集到参保地的个人账户'],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 30 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《国务院关于建立城镇职工基本医疗保险制度的决定》（国发〔1998〕44号）',
      '《广东省职工基本医疗保险门诊共济保障实施办法》（粤府办发〔2021〕56号）',
      '《关于加强城镇职工基本医疗保险个人账户的通知》（劳社厅发〔2002〕6号）',
      '《广东省劳动和社会保障厅广东省财政厅关于加强和完善城镇职工基本医疗保险个人账户管理有关问题的通知》（粤劳社发〔2008〕8号）',
    ],
    remark: '仅限将参保人多个个人账户的资金归集到参保地的医保个人账户。',
  },
  {
    // 设定依据 cell is empty: merged with item 13 in the document.
    seq: 15,
    code: '442189208012',
    name: '变更个人账户开户银行',
    group: '基本医疗保险参保信息查询和个人账户一次性支取',
    subItems: ['变更个人账户的开户银行'],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 30 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《国务院关于建立城镇职工基本医疗保险制度的决定》（国发〔1998〕44号）',
      '《广东省职工基本医疗保险门诊共济保障实施办法》（粤府办发〔2021〕56号）',
      '《关于加强城镇职工基本医疗保险个人账户的通知》（劳社厅发〔2002〕6号）',
      '《广东省劳动和社会保障厅广东省财政厅关于加强和完善城镇职工基本医疗保险个人账户管理有关问题的通知》（粤劳社发〔2008〕8号）',
    ],
    remark: '变更完成后，原个人账户将会被注销，原个人账户中的资金将归集到新个人账户中。',
  },
  // ── 三、基本医疗保险关系转移接续 (主项编码 2189209) ──
  {
    seq: 16,
    code: '442189209004',
    name: '亲情账号绑定',
    group: '基本医疗保险关系转移接续',
    subItems: ['绑定家庭成员子账户', '解绑家庭成员子账户'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '户口簿首页和本人常住人口登记卡', '绑定家庭成员承诺书'],
    legalBasis: [
      '《国务院关于建立城镇职工基本医疗保险制度的决定》（国发〔1998〕44号）',
      '《广东省职工基本医疗保险门诊共济保障实施办法》（粤府办发〔2021〕56号）',
      '《关于加强城镇职工基本医疗保险个人账户的通知》（劳社厅发〔2002〕6号）',
      '《关于进一步完善职工基本医疗保险个人账户家庭共济使用管理的通知》（粤医保函〔2022〕112号）',
    ],
  },
  {
    seq: 17,
    code: '442189209001',
    name: '出具《参保凭证》',
    group: '基本医疗保险关系转移接续',
    subItems: [],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第35号）',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》（医保发〔2020〕18号）',
    ],
  },
  {
    seq: 18,
    code: '442189209002',
    name: '转移接续手续办理',
    group: '基本医疗保险关系转移接续',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 15 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《参保人员基本医疗保险信息表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第35号）第三十二条',
      '《基本医疗保险关系转移接续暂行办法》（医保办发〔2021〕43号）',
      '《广东省基本医疗保险关系省内转移接续暂行办法》（粤医保规〔2022〕6号）',
    ],
    remark:
      '转出地经办机构10个工作日内完成基本医疗保险关系转出，生成带电子签章的《参保人员基本医疗保险信息表》并经医保信息平台传送至转入地经办机构；转入地经办机构收到《信息表》后5个工作日内完成转入。',
  },
  {
    seq: 19,
    code: '442189209003',
    name: '职工医保退休待遇核定',
    group: '基本医疗保险关系转移接续',
    subItems: ['退休待遇申领', '退休人员按月缴纳医疗保险费', '退休医疗一次性趸缴'],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 5 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡'],
    legalBasis: [
      '《中华人民共和国社会保险法》（中华人民共和国主席令第35号）第二十七条',
      '《广东省基本医疗保险关系省内转移接续暂行办法》（粤医保规〔2022〕6号）',
    ],
    remark:
      '达到法定退休年龄且职工医保缴费年限符合《广东省基本医疗保险关系转移接续暂行办法》第八条规定的，退休后不再缴纳职工医保费，按规定享受职工医保待遇；缴费年限不符合的，按第八条、第九条确定退休后待遇享受地后，可按规定选择按月或一次性缴费至规定年限。',
  },
  // ── 四、基本医疗保险异地就医备案 (主项编码 2189210) ──
  {
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 20,
    code: '442189210001',
    name: '异地安置退休人员备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《备案表》', '户口簿首页和本人常住人口登记卡或个人承诺书'],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  {
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 21,
    code: '442189210002',
    name: '异地长期居住人员备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《备案表》', '居住证明或个人承诺书'],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  {
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 22,
    code: '442189210003',
    name: '常驻异地工作人员备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: [
      '医保电子凭证或有效身份证件或社保卡',
      '《备案表》',
      '参保地工作单位派出证明、异地工作单位证明、工作合同任选其一或对个人承诺书',
    ],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  {
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 23,
    code: '442189210004',
    name: '异地转诊人员备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《备案表》', '具有转诊资质的定点医疗机构开具的转诊转院证明材料'],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  {
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 24,
    code: '442189210005',
    name: '其他临时外出就医人员备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《备案表》'],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  {
    // Row misaligned in the document (shifted left by two columns; sub-items in the 子项 column).
    // 办理时限 "窗口即时办结/线上不超过两个工作日": counter immediate, online ≤2 working days.
    // 备注 and 设定依据 for items 20–25 are printed on item 26's row in the document (misaligned); their content (不见面备案, 异地转诊备案, 异地就医结算 rules) belongs to remote-care filing.
    seq: 25,
    code: '442189210006',
    name: '生育异地备案',
    group: '基本医疗保险异地就医备案',
    subItems: ['业务申请', '业务变更', '业务注销', '业务查询'],
    handlingLevels: ['municipal', 'county', 'town'],
    timeLimit: { kind: 'immediate' },
    onlineTimeLimit: { kind: 'workingDays', days: 2 },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《广东省异地就医生育保险登记备案表》'],
    legalBasis: [
      '《关于进一步做好基本医疗保险异地就医医疗费用结算工作的指导意见》(人社部发〔2014〕93号)',
      '《人力资源和社会保障部财政部关于做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》(人社部发〔2016〕120号)',
      '《国家医保局 财政部关于切实做好2019年跨省异地就医住院费用直接结算工作的通知》(医保发〔2019〕33号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》(医保发〔2022〕22号)',
      '《关于建立基本医疗保险跨省异地就医结算业务协同管理工作机制的通知》(医保办发〔2019〕33号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省基本医疗保险省内异地就医门诊医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕4号)',
      '《广东省基本医疗保险省内跨市就医医疗费用直接结算经办规程(试行)》(粤医保规〔2021〕5号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
    ],
    remark:
      '原则上采用电话、网络、APP等“不见面”备案；办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件；原则上异地转诊人员备案由符合条件的参保地定点医疗机构办理，并将转诊信息推送至经办机构，经办机构加强对医疗机构备案情况的监管。',
  },
  // ── 五、基本医疗保险参保人员享受门诊特定病种待遇认定 (主项编码 2189211) ──
  {
    // 设定依据 for item 26 is the list printed one column left on the row after its sub-items (misaligned); the 设定依据 printed on its own row belongs to items 20–25.
    // NOTE: DOMAIN.md §3 says item 26 covers suspending, resuming or terminating a certification with only ID needed. In the document that sentence ("办理更改、暂停、恢复和终止的只需医保电子凭证或有效身份证件") is part of the remote-care filing remark (items 20–25, see above), not item 26; item 26 lists only 登记, 续期, 定点医院机构变更 and one material set. Following the document.
    seq: 26,
    code: '442189211001',
    name: '基本医疗保险参保人员享受门诊特定病种待遇认定',
    group: '基本医疗保险参保人员享受门诊特定病种待遇认定',
    subItems: ['门诊特定病种待遇登记', '门诊特定病种待遇续期申请', '医疗保险参保人门诊特定病种定点医院机构变更'],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '清单为“—”：未规定办理时限' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '《门诊特定病种待遇认定申请表》', '病历资料或检查资料'],
    legalBasis: [
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省基本医疗保险门诊特定病种管理办法》(粤医保规〔2020〕4号)',
      '《广东省基本医疗保险门诊特定病种业务经办规程(试行)》(粤医保规〔2021〕3号)',
      '《关于妥善解决医疗保险制度改革有关问题的指导意见》(劳社厅发〔2002〕8号)',
      '《江门市医疗保障局江门市卫生健康局关于印发江门市基本医疗保险门诊特定病种准入标准的通知》(江医保发〔2023〕34号)',
    ],
    remark:
      '清单未列办理层级、办理时限、办理环节（均为“—”）；认定由具备相应资质的定点医疗机构办理并推送经办机构（000 §15–§18）。steps is our default chain (apply-accept-review-complete), not the document\'s: the document gives "—" for 办理环节 and leaves the procedure to the special-disease certification rules.',
  },
  // ── 六、基本医疗保险参保人员医疗费用手工(零星)报销 (主项编码 2189212) ──
  {
    seq: 27,
    code: '442189212001',
    name: '门诊费用报销',
    group: '基本医疗保险参保人员医疗费用手工(零星)报销',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 30 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '医院收费票据', '门诊费用清单'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第二十八条、第三十条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于加快解决群众办事堵点问题的通知》(国医保电〔2018〕14号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省医疗保障待遇清单》(粤医保规〔2022〕3号)',
    ],
    remark:
      '因审核需要可要求提供门诊病历、检查报告等相关材料；意外伤害就医的应提交交通事故认定书、法院判决书、调解协议书等公检法部门出具的相关证明材料复印件一份，无法提供的应填写个人承诺书；急诊可要求提供急诊诊断证明；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  {
    // 备注 and 设定依据 cells are empty: merged with item 27 in the document.
    seq: 28,
    code: '442189212002',
    name: '住院费用报销',
    group: '基本医疗保险参保人员医疗费用手工(零星)报销',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 30 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '医院收费票据', '住院费用清单', '诊断证明', '出院小结(出院记录)'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第二十八条、第三十条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国家医疗保障局关于加快解决群众办事堵点问题的通知》(国医保电〔2018〕14号)',
      '《国家医疗保障局关于优化医保领域便民服务的意见》(医保发〔2021〕39号)',
      '《广东省医疗保障待遇清单》(粤医保规〔2022〕3号)',
    ],
    remark:
      '因审核需要可要求提供门诊病历、检查报告等相关材料；意外伤害就医的应提交交通事故认定书、法院判决书、调解协议书等公检法部门出具的相关证明材料复印件一份，无法提供的应填写个人承诺书；急诊可要求提供急诊诊断证明；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  // ── 七、生育保险待遇核准支付 (主项编码 2189213) ──
  {
    // 设定依据 cell is empty: merged cell shared by items 29–33, printed on item 31's row.
    seq: 29,
    code: '442189213001',
    name: '产前检查定点医院机构选定',
    group: '生育保险待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'immediate' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: ['《职工生育保险产前检查医疗机构定点表》', '医保电子凭证或有效身份证件或社会保障卡', '诊断证明'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第五十四条',
      '《广东省职工生育保险规定》(粤府令第287号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
      '《广东省人民政府关于废止和修改部分省政府规章的决定》(粤府令第298号)',
    ],
    remark: '可在市内选定的医疗机构现场办理。',
  },
  {
    // 备注 is one merged cell for items 30–33, split by the document over the rows of items 30 (points 1–2) and 31 (rest of 2, points 3–5).
    // 设定依据 cell is empty: merged cell shared by items 29–33, printed on item 31's row.
    seq: 30,
    code: '442189213002',
    name: '产前检查费支付',
    group: '生育保险待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 20 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '医院收费票据', '费用清单', '诊断证明', '《生育保险待遇申请表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第五十四条',
      '《广东省职工生育保险规定》(粤府令第287号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
      '《广东省人民政府关于废止和修改部分省政府规章的决定》(粤府令第298号)',
    ],
    remark:
      '合并支付的一次性提供材料；加强部门间数据共享，相互提供证明材料，医疗保障经办业务平台如无法通过其他部门获得出生医学证明等，由办理人提供，无法提供的需提供个人承诺书；参保人在参保地定点医疗机构发生的产前检查和生育医疗费用由经办机构与定点医疗机构直接结算；职工的生育医疗费用不能直接结算的，可在分娩、终止妊娠或者施行计划生育手术次日起3年内向参保地经办机构申请零星报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  {
    // 备注 is one merged cell for items 30–33, split by the document over the rows of items 30 (points 1–2) and 31 (rest of 2, points 3–5).
    seq: 31,
    code: '442189213003',
    name: '生育医疗费支付',
    group: '生育保险待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 20 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '医院收费票据', '费用清单', '病历资料', '《生育保险待遇申请表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第五十四条',
      '《广东省职工生育保险规定》(粤府令第287号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
      '《广东省人民政府关于废止和修改部分省政府规章的决定》(粤府令第298号)',
    ],
    remark:
      '合并支付的一次性提供材料；加强部门间数据共享，相互提供证明材料，医疗保障经办业务平台如无法通过其他部门获得出生医学证明等，由办理人提供，无法提供的需提供个人承诺书；参保人在参保地定点医疗机构发生的产前检查和生育医疗费用由经办机构与定点医疗机构直接结算；职工的生育医疗费用不能直接结算的，可在分娩、终止妊娠或者施行计划生育手术次日起3年内向参保地经办机构申请零星报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  {
    // 备注 is one merged cell for items 30–33, split by the document over the rows of items 30 (points 1–2) and 31 (rest of 2, points 3–5).
    // 设定依据 cell is empty: merged cell shared by items 29–33, printed on item 31's row.
    seq: 32,
    code: '442189213004',
    name: '计划生育医疗费支付',
    group: '生育保险待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 20 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '医院收费票据', '费用清单', '病历资料', '《生育保险待遇申请表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第五十四条',
      '《广东省职工生育保险规定》(粤府令第287号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
      '《广东省人民政府关于废止和修改部分省政府规章的决定》(粤府令第298号)',
    ],
    remark:
      '合并支付的一次性提供材料；加强部门间数据共享，相互提供证明材料，医疗保障经办业务平台如无法通过其他部门获得出生医学证明等，由办理人提供，无法提供的需提供个人承诺书；参保人在参保地定点医疗机构发生的产前检查和生育医疗费用由经办机构与定点医疗机构直接结算；职工的生育医疗费用不能直接结算的，可在分娩、终止妊娠或者施行计划生育手术次日起3年内向参保地经办机构申请零星报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  {
    // 备注 is one merged cell for items 30–33, split by the document over the rows of items 30 (points 1–2) and 31 (rest of 2, points 3–5).
    // 设定依据 cell is empty: merged cell shared by items 29–33, printed on item 31's row.
    seq: 33,
    code: '442189213005',
    name: '生育津贴支付',
    group: '生育保险待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 20 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['医保电子凭证或有效身份证件或社保卡', '病历资料', '《生育保险待遇申请表》'],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第35号)第五十四条',
      '《广东省职工生育保险规定》(粤府令第287号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省职工生育保险经办规程(试行)》(粤医保规〔2022〕4号)',
      '《广东省人民政府关于废止和修改部分省政府规章的决定》(粤府令第298号)',
    ],
    remark:
      '合并支付的一次性提供材料；加强部门间数据共享，相互提供证明材料，医疗保障经办业务平台如无法通过其他部门获得出生医学证明等，由办理人提供，无法提供的需提供个人承诺书；参保人在参保地定点医疗机构发生的产前检查和生育医疗费用由经办机构与定点医疗机构直接结算；职工的生育医疗费用不能直接结算的，可在分娩、终止妊娠或者施行计划生育手术次日起3年内向参保地经办机构申请零星报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  // ── 八、医疗救助对象待遇核准支付 (主项编码 2189214) ──
  {
    // 备注 is one merged cell for items 34–35: points 1–2 on item 34's row, points 3–4 on item 35's row (after a page header).
    seq: 34,
    code: '442189214001',
    name: '符合资助条件的救助对象参加基本医疗保险个人缴费补贴',
    group: '医疗救助对象待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 15 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: ['救助对象身份证明', '个人缴纳基本医保参保费用有效凭证'],
    legalBasis: [
      '《社会救助暂行办法》(国务院令第649号)',
      '《广东省社会救助条例》(广东省第十三届人民代表大会常务委员会公告第66号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》(国办发〔2021〕42号)',
      '《广东省医疗保障待遇清单》(粤医保规〔2022〕3号)',
      '《广东省最低生活保障边缘家庭和支出型困难家庭救助办法的通知》(粤府办〔2022〕3号)',
      '《江门市人民政府关于印发江门市医疗救助办法的通知》(江府〔2019〕40号)',
      '江门市医疗保障局关于印发江门市医疗救助经办业务管理规程的通知(江医保发〔2021〕42号)',
    ],
    remark:
      '与其他费用合并支付的一次性提供材料；通过与相关部门联网实时推送救助对象身份信息；符合救助条件但未经认定的应提供《个人家庭经济状况核查委托授权书》，由相关部门认定后进行报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  {
    // 备注 is one merged cell for items 34–35: points 1–2 on item 34's row, points 3–4 on item 35's row (after a page header).
    seq: 35,
    code: '442189214002',
    name: '医疗救助对象医疗费用手工(零星)报销',
    group: '医疗救助对象待遇核准支付',
    subItems: [],
    handlingLevels: ['municipal', 'county'],
    timeLimit: { kind: 'workingDays', days: 30 },
    steps: ['apply', 'accept', 'review', 'disburse', 'complete'],
    materials: [
      '医保电子凭证或有效身份证件或社保卡',
      '基本医保、大病保险报销后的结算单、定点医疗机构处方底方或定点药店购药发票',
      '《医疗救助申请表》',
    ],
    legalBasis: [
      '《城乡医疗救助基金管理办法》(财社〔2013〕217号)',
      '《广东省社会救助条例》(广东省第十二届人民代表大会常务委员会公告第85号)',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》(国办发〔2021〕42号)',
      '《广东省医疗保障待遇清单》(粤医保规〔2022〕3号)',
      '《广东省最低生活保障边缘家庭和支出型困难家庭救助办法的通知》(粤府办〔2022〕3号)',
      '《江门市人民政府关于印发江门市医疗救助办法的通知》(江府〔2019〕40号)',
      '江门市医疗保障局关于印发江门市医疗救助经办业务管理规程的通知(江医保发〔2021〕42号)',
    ],
    remark:
      '与其他费用合并支付的一次性提供材料；通过与相关部门联网实时推送救助对象身份信息；符合救助条件但未经认定的应提供《个人家庭经济状况核查委托授权书》，由相关部门认定后进行报销；鼓励将初审业务下放至乡镇(街道)一级办理。',
  },
  // ── 九、医药机构申请定点协议管理 (主项编码 2189215) ──
  {
    // 办理材料/办理时限/办理环节: one spanning cell "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行"; 办理层级 not given.
    seq: 36,
    code: '442189215001',
    name: '医疗机构申请定点协议管理',
    group: '医药机构申请定点协议管理',
    subItems: ['医疗机构定点协议申请', '定点医疗机构信息变更'],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第三十三号)第三十一条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省医疗机构医疗保障定点管理暂行办法》(粤医保规〔2021〕1号)',
      '《广东省零售药店医疗保障定点管理暂行办法》(粤医保规〔2021〕2号)',
      '《广东省医疗保障局关于印发广东省医疗机构医疗保障定点管理经办规程的通知》(粤医保规〔2022〕10号)',
      '《广东省医疗保障局关于印发广东省零售药店医疗保障定点管理经办规程的通知》(粤医保规〔2022〕9号)',
    ],
    remark:
      "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行。steps is our default chain (apply-accept-review-complete), not the document's: the document defers to the agreement-management rules and handling procedures for materials, time limit and steps.",
  },
  {
    // 办理材料/办理时限/办理环节: one spanning cell "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行"; 办理层级 not given.
    // 设定依据 cell is empty: merged with item 36 in the document (its list covers both medical institutions and pharmacies).
    seq: 37,
    code: '442189215002',
    name: '零售药店申请定点协议管理',
    group: '医药机构申请定点协议管理',
    subItems: ['零售药店定点协议申请', '定点零售药店信息变更'],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第三十三号)第三十一条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省医疗机构医疗保障定点管理暂行办法》(粤医保规〔2021〕1号)',
      '《广东省零售药店医疗保障定点管理暂行办法》(粤医保规〔2021〕2号)',
      '《广东省医疗保障局关于印发广东省医疗机构医疗保障定点管理经办规程的通知》(粤医保规〔2022〕10号)',
      '《广东省医疗保障局关于印发广东省零售药店医疗保障定点管理经办规程的通知》(粤医保规〔2022〕9号)',
    ],
    remark:
      "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行。steps is our default chain (apply-accept-review-complete), not the document's: the document defers to the agreement-management rules and handling procedures for materials, time limit and steps.",
  },
  // ── 十、定点医药机构费用结算 (主项编码 2189216) ──
  {
    // 办理材料/办理时限/办理环节: one spanning cell "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行"; 办理层级 not given.
    // 设定依据 printed one column left (in 备注) in the document.
    seq: 38,
    code: '442189216001',
    name: '基本医疗保险定点医疗机构费用结算',
    group: '定点医药机构费用结算',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第三十三号)第三十一条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省医疗机构医疗保障定点管理暂行办法》(粤医保规〔2021〕1号)',
      '《广东省医疗保障局关于印发广东省医疗机构医疗保障定点管理经办规程的通知》(粤医保规〔2022〕10号)',
    ],
    remark:
      "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行。steps is our default chain (apply-accept-review-complete), not the document's: the document defers to the agreement-management rules and handling procedures for materials, time limit and steps.",
  },
  {
    // 办理材料/办理时限/办理环节: one spanning cell "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行"; 办理层级 not given. (merged with item 38)
    seq: 39,
    code: '442189216002',
    name: '基本医疗保险定点零售药店费用结算',
    group: '定点医药机构费用结算',
    subItems: [],
    handlingLevels: [],
    timeLimit: { kind: 'none', note: '办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行' },
    steps: ['apply', 'accept', 'review', 'complete'],
    materials: [],
    legalBasis: [
      '《中华人民共和国社会保险法》(中华人民共和国主席令第三十三号)第二十九条',
      '《国家医疗保障局关于印发全国医疗保障经办政务服务事项清单的通知》(医保发〔2020〕18号)',
      '《广东省零售药店医疗保障定点管理暂行办法》(粤医保规〔2021〕2号)',
      '《广东省医疗保障局关于印发广东省零售药店医疗保障定点管理经办规程的通知》(粤医保规〔2022〕9号)',
    ],
    remark:
      "办理材料、办理时限、办理环节按照两定机构协议管理方法和经办规程执行。steps is our default chain (apply-accept-review-complete), not the document's: the document defers to the agreement-management rules and handling procedures for materials, time limit and steps.",
  },
];
