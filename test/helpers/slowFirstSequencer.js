/**
 * Jest's order, except that the files known to take longest (child processes, tsc over the packed
 * package) start first: on a fresh machine jest has no timings yet and would order them by size.
 */
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_FIRST = ["template-program.test.ts", "pulumi.engine.test.ts"];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const index = SLOW_FIRST.findIndex((name) => test.path.endsWith(`/${name}`));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
