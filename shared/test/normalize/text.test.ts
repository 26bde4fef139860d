import { describe, expect, it } from 'vitest';
import {
  cleanText,
  compactText,
  isBlankValue,
  normalizeText,
  splitList,
  textSimilarity,
} from '../../src/normalize/text';

describe('text', () => {
  it('folds traditional characters to simplified', () => {
    expect(normalizeText('濟南市歷下區')).toBe('济南市历下区');
    expect(normalizeText('電焊工 叉車證')).toBe('电焊工 叉车证');
  });

  it('folds full-width digits and letters, strips stray and invisible spaces', () => {
    expect(cleanText('  ４０００－６０００元\u3000')).toBe('4000-6000元');
    expect(cleanText('\ufeff张\u200b三 \t ')).toBe('张三');
    expect(compactText(' 湘西州 泸溪县 ')).toBe('湘西州泸溪县');
  });

  it('recognises the ways people write "nothing"', () => {
    for (const v of ['', ' ', '无', '/', '--', '暂无', 'NULL']) expect(isBlankValue(v)).toBe(true);
    expect(isBlankValue('0')).toBe(false);
  });

  it('splits list cells on the separators people use', () => {
    expect(splitList('电焊、叉车；挖掘机, 电工 / 瓦工')).toEqual(['电焊', '叉车', '挖掘机', '电工', '瓦工']);
    expect(splitList('济南，青岛')).toEqual(['济南', '青岛']);
  });

  it('measures near-identical text', () => {
    const a = '负责车间焊接工作，长白班，包吃住。';
    expect(textSimilarity(a, '负责车间焊接工作，长白班，包吃住')).toBe(1);
    expect(textSimilarity(a, '負責車間焊接工作，長白班，包吃住！')).toBe(1);
    expect(textSimilarity(a, '负责仓库叉车装卸，两班倒')).toBeLessThan(0.2);
    expect(textSimilarity('', '')).toBe(1);
  });
});
