package com.example.inventory;

import io.github.deferlint.defer.Defer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes item files under one directory. */
public final class FileStore {
  private final Path root;

  public FileStore(Path root) {
    this.root = root;
  }

  /** Copies one item file; both streams are closed however the copy ends. */
  public void copy(String from, String to) throws IOException {
    Defer.run(scope -> {
      InputStream in = scope.closing(Files.newInputStream(root.resolve(from)));
      OutputStream out = scope.closing(Files.newOutputStream(root.resolve(to)));
      in.transferTo(out);
    });
  }

  /** Sums the sizes of item files; each file is closed at the end of its own iteration. */
  public long totalSize(List<String> names) throws IOException {
    long total = 0;
    for (String name : names) {
      total += Defer.call(scope -> {
        InputStream in = scope.closing(Files.newInputStream(root.resolve(name)));
        return (long) in.readAllBytes().length;
      });
    }
    return total;
  }

  /** Concatenates item files. Pitfall: every stream stays open until the last one is read. */
  public byte[] concatenate(List<String> names) throws IOException {
    return Defer.call(scope -> {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (String name : names) {
        InputStream in = scope.closing(Files.newInputStream(root.resolve(name)));
        in.transferTo(all);
      }
      return all.toByteArray();
    });
  }
}
