package io.github.deferlint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * javac's file manager for one batch, with two differences. The module descriptors of the source
 * roots are hidden, as they would turn the compilation into a module's: the code is compiled in the
 * unnamed module, its dependencies on the classpath. And the files given as edited (by {@code
 * --fix}, before anything is written) are read from memory, as the batch's own files and wherever
 * javac finds them on the source roots.
 */
final class BatchFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
  private static final String MODULE_INFO = "module-info";

  private final Map<Path, String> edited;

  BatchFileManager(StandardJavaFileManager fileManager, Map<Path, String> edited) {
    super(fileManager);
    this.edited = edited;
  }

  StandardJavaFileManager standard() {
    return fileManager;
  }

  /** The batch's own files, to compile. */
  List<JavaFileObject> sources(List<Path> paths) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (JavaFileObject file : fileManager.getJavaFileObjectsFromPaths(paths)) {
      sources.add(asEdited(file));
    }
    return sources;
  }

  @Override
  public @Nullable JavaFileObject getJavaFileForInput(
      Location location, String className, JavaFileObject.Kind kind) throws IOException {
    if (location == StandardLocation.SOURCE_PATH && className.equals(MODULE_INFO)) {
      return null;
    }
    return super.getJavaFileForInput(location, className, kind);
  }

  @Override
  public Iterable<JavaFileObject> list(
      Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
      throws IOException {
    Iterable<JavaFileObject> files = super.list(location, packageName, kinds, recurse);
    if (location != StandardLocation.SOURCE_PATH) {
      return files;
    }
    List<JavaFileObject> visible = new ArrayList<>();
    for (JavaFileObject file : files) {
      if (!file.isNameCompatible(MODULE_INFO, JavaFileObject.Kind.SOURCE)) {
        visible.add(asEdited(file));
      }
    }
    return visible;
  }

  @Override
  public String inferBinaryName(Location location, JavaFileObject file) {
    return super.inferBinaryName(
        location, file instanceof EditedSource edit ? edit.original : file);
  }

  @Override
  public boolean isSameFile(FileObject a, FileObject b) {
    if (a instanceof EditedSource || b instanceof EditedSource) {
      return a.toUri().equals(b.toUri());
    }
    return super.isSameFile(a, b);
  }

  private JavaFileObject asEdited(JavaFileObject file) {
    if (edited.isEmpty() || file.getKind() != JavaFileObject.Kind.SOURCE) {
      return file;
    }
    String text = edited.get(fileManager.asPath(file).toAbsolutePath().normalize());
    return text == null ? file : new EditedSource(file, text);
  }

  /** A source file as edited in memory; javac's own file object stands for it on disk. */
  private static final class EditedSource extends SimpleJavaFileObject {
    final JavaFileObject original;
    private final String text;

    EditedSource(JavaFileObject original, String text) {
      super(original.toUri(), Kind.SOURCE);
      this.original = original;
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
