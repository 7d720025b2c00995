package io.github.deferlint.corpus;

import java.nio.file.Path;

/**
 * A pitfall the generator planted: {@code check} must flag line {@code line} of {@code file}.
 *
 * @param kind the name of the pitfall's entry in {@link PitfallKinds#ALL}
 */
public record Planted(Path file, int line, String check, String kind) {}
