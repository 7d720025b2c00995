package io.github.deferlint.corpus;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated corpus on disk.
 *
 * @param root the directory holding the sources (package {@code corpus}) and {@code pitfalls.tsv}
 * @param sources every source file, the shared {@code corpus/Support.java} included
 * @param planted where the pitfalls are, in file and line order
 * @param methods how many methods the generated classes declare
 */
public record Corpus(Path root, List<Path> sources, List<Planted> planted, int methods) {}
