package com.example.inventory;

import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The command line that exports stock levels to a file. */
public final class ExportCommand {
  private ExportCommand() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: export <file>");
      System.exit(64);
    }
    System.exit(export(Map.of("apples", 3), Path.of(args[0])));
  }

  /** Writes one line per item and returns the exit status; the file is closed first. */
  static int export(Map<String, Integer> stock, Path file) throws IOException {
    return Defer.call(scope -> {
      Writer out = scope.closing(Files.newBufferedWriter(file));
      for (Map.Entry<String, Integer> item : stock.entrySet()) {
        out.write(item.getKey() + "\t" + item.getValue() + "\n");
      }
      return 0;
    });
  }

  /** Pitfall: exits with the file still open: the buffered lines are never written. */
  static void exportOrExit(Map<String, Integer> stock, Path file) throws IOException {
    Defer.run(scope -> {
      Writer out = scope.closing(Files.newBufferedWriter(file));
      for (Map.Entry<String, Integer> item : stock.entrySet()) {
        if (item.getValue() < 0) {
          System.err.println("negative stock: " + item.getKey());
          System.exit(1);
        }
        out.write(item.getKey() + "\t" + item.getValue() + "\n");
      }
    });
  }
}
