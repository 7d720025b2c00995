// Compares the findings in the example's build log with expected-findings.txt: those of every
// check, Error Prone's own defaults included, so that the example's correct code draws none.
def finding = ~/^\[(?:WARNING|ERROR)\] .*[\/\\](\w+\.java):\[(\d+),\d+\] \[(\w+)\] .*/

def actual = new File(basedir, 'build.log').readLines()
    .collect { line -> def m = finding.matcher(line); m.matches() ? m : null }
    .findAll { it != null }
    .collect { "${it.group(1)}:${it.group(2)} ${it.group(3)}".toString() }
    .unique()
    .sort()
def expected = new File(basedir, 'expected-findings.txt').readLines()
    .findAll { it.trim() && !it.startsWith('#') }
    .sort()

if (actual != expected) {
  throw new AssertionError("findings in the example's build\n  expected: ${expected}\n  actual:   ${actual}")
}
return true
