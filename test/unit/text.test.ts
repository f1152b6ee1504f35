import { expect } from '@open-wc/testing';
import { joinSentences, sentenceSeparator } from '../../src/util/text.js';
import { LANGUAGES } from '../../src/util/language.js';

describe('sentences in one paragraph', () => {
  it('Japanese and Chinese sentences follow one another without a space', () => {
    expect(joinSentences('ja', ['測定しています。', '', '変更できます。'])).to.equal('測定しています。変更できます。');
    expect(joinSentences('zh', ['我们统计使用情况。', '您可以随时更改。'])).to.equal('我们统计使用情况。您可以随时更改。');
    expect(joinSentences('zh-TW', ['甲。', '乙。'])).to.equal('甲。乙。');
    expect(joinSentences('JA_jp', ['甲。', '乙。'])).to.equal('甲。乙。');
  });

  it('every other shipped language puts one space between sentences, and drops empty ones', () => {
    for (const language of LANGUAGES.filter((tag) => !['ja', 'zh'].includes(tag))) {
      expect(joinSentences(language, ['One.', '', 'Two.']), language).to.equal('One. Two.');
      expect(sentenceSeparator(language), language).to.equal(' ');
    }
    expect(joinSentences('ko', ['하나.', '둘.'])).to.equal('하나. 둘.');
    expect(joinSentences('en', [])).to.equal('');
    expect(joinSentences('en', ['', 'Only.'])).to.equal('Only.');
  });
});
