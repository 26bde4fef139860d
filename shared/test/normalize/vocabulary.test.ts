import { describe, expect, it } from 'vitest';
import { buildVocabularyIndex, normalizeTerms } from '../../src/normalize/vocabulary';
import { builtinVocabulary } from '../../src/reference/vocabulary-builtin';

const index = buildVocabularyIndex(builtinVocabulary);

describe('vocabulary', () => {
  it('maps skill synonyms to one label', () => {
    expect(normalizeTerms(index, 'skill', '电焊、焊接').labels).toEqual(['电焊']);
    expect(normalizeTerms(index, 'skill', '叉车').labels).toEqual(['叉车驾驶']);
  });

  it('maps certificate synonyms and short forms to one label', () => {
    expect(normalizeTerms(index, 'certificate', '焊工证，电焊证').labels).toEqual(['焊工证']);
    expect(normalizeTerms(index, 'certificate', '叉车 / 叉车证').labels).toEqual(['叉车证']);
    expect(normalizeTerms(index, 'certificate', '低压电工作业证').labels).toEqual(['电工证']);
  });

  it('finds several items in a free-text phrase via jieba tokens', () => {
    const r = normalizeTerms(index, 'skill', '会电焊和开叉车');
    expect(r.labels).toEqual(expect.arrayContaining(['电焊', '叉车驾驶']));
    expect(normalizeTerms(index, 'skill', '以前开过叉车也干过电焊').labels).toEqual(['叉车驾驶', '电焊']);
  });

  it('handles traditional characters and full-width separators', () => {
    expect(normalizeTerms(index, 'certificate', '叉車證；焊工證').labels).toEqual(['叉车证', '焊工证']);
  });

  it('keeps what it cannot map as unknown', () => {
    const r = normalizeTerms(index, 'skill', '电焊、吹唢呐');
    expect(r.labels).toEqual(['电焊']);
    expect(r.unknown).toEqual(['吹唢呐']);
  });

  it('leaves out items a post only prefers', () => {
    expect(
      normalizeTerms(index, 'certificate', '焊工证、叉车证优先', { dropPreferred: true }).labels,
    ).toEqual(['焊工证']);
  });
});
