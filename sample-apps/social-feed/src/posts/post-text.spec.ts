import { mentionedHandles, postLength } from './post-text';

describe('mentionedHandles', () => {
  it.each([
    ['hi @ada and @grace_h!', ['ada', 'grace_h']],
    ['@ada @ADA @Ada', ['ada']],
    ['mail bob@example.com', []],
    ['(@linus), @linus.', ['linus']],
    ['@', []],
    [`@${'a'.repeat(31)}`, []],
  ])('should find in %j the handles %j', (text, handles) => {
    expect(mentionedHandles(text)).toStrictEqual(handles);
  });
});

describe('postLength', () => {
  it('should count an emoji as one character', () => {
    expect(postLength('ok 🎉')).toStrictEqual(4);
  });
});
