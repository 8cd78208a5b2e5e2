package io.wshub.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a library module as text, one line per type and member, from its compiled
 * classes: every public and protected type, field, constructor and method of the packages its
 * {@code module-info} exports. A module checks it in ({@code api/ARTIFACT.api}), so a change to
 * the API is a visible decision, as okhttp does. Shared with the adapter's tests through the
 * test-jar.
 */
public final class ApiListing {

  /** Set it to {@code true} to write the listing instead of checking it. */
  public static final String UPDATE = "wshub.api.update";

  private ApiListing() {}

  /**
   * Fails when the listing of {@code classes} differs from the checked-in {@code listing}, saying
   * what changed and how to accept it; writes it instead when {@link #UPDATE} is set.
   *
   * @param module the Maven module, for the message
   * @param classes the module's compiled classes
   * @param listing the checked-in listing
   */
  public static void check(String module, Path classes, Path listing) {
    String actual = of(classes);
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(listing.getParent());
        Files.writeString(listing, actual);
        return;
      }
      String expected = Files.exists(listing) ? Files.readString(listing) : "";
      if (expected.equals(actual)) {
        return;
      }
      Set<String> before = qualified(expected);
      Set<String> after = qualified(actual);
      StringBuilder diff = new StringBuilder();
      before.stream().filter(line -> !after.contains(line)).forEach(line -> diff.append("\n  - ").append(line));
      after.stream().filter(line -> !before.contains(line)).forEach(line -> diff.append("\n  + ").append(line));
      throw new AssertionError("The public API of " + module + " is not the one in " + module + "/" + listing
          + " (- gone, + new):" + diff + "\nIf the change is meant, update the listing with\n  mvn -q -B -pl "
          + module + " -am test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE
          + "=true\nand commit it with a CHANGELOG line; a removed or changed line breaks users' code.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each member line with its type's line before it, so that a difference says whose member it is. */
  private static Set<String> qualified(String listing) {
    Set<String> lines = new LinkedHashSet<>();
    String type = "";
    for (String line : listing.lines().toList()) {
      if (line.startsWith("  ")) {
        lines.add(type + " {" + line.substring(1) + " }");
      } else {
        type = line;
        lines.add(line);
      }
    }
    return lines;
  }

  /**
   * The listing of a module's compiled classes.
   *
   * @param classes the directory with its {@code module-info.class}
   * @return one line per public type and member, types in name order, members sorted under each
   */
  public static String of(Path classes) {
    ModuleDescriptor descriptor;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> exported = descriptor.exports().stream().filter(export -> !export.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : exported) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
            collect(load(pkg + "." + name.substring(0, name.length() - ".class".length())), types);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    StringBuilder out = new StringBuilder();
    types.stream().sorted((a, b) -> a.getName().compareTo(b.getName())).forEach(type -> {
      out.append(header(type)).append('\n');
      TreeSet<String> members = new TreeSet<>();
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          members.add("  field " + modifiers(field.getModifiers() & Modifier.fieldModifiers()) + name(field.getGenericType())
              + " " + field.getName());
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
          members.add("  constructor " + modifiers(constructor.getModifiers() & Modifier.constructorModifiers())
              + typeParameters(constructor.getTypeParameters()) + type.getSimpleName() + parameters(constructor));
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          int mods = method.getModifiers() & Modifier.methodModifiers();
          if (type.isInterface()) {
            mods &= ~(Modifier.PUBLIC | Modifier.ABSTRACT);
          }
          members.add("  method " + modifiers(mods) + (method.isDefault() ? "default " : "")
              + typeParameters(method.getTypeParameters()) + name(method.getGenericReturnType()) + " "
              + method.getName() + parameters(method));
        }
      }
      members.forEach(member -> out.append(member).append('\n'));
    });
    return out.toString();
  }

  private static void collect(Class<?> type, List<Class<?>> into) {
    if (!visible(type.getModifiers())) {
      return;
    }
    into.add(type);
    for (Class<?> nested : type.getDeclaredClasses()) {
      collect(nested, into);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiListing.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    int mods = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
        | Modifier.ABSTRACT);
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isEnum()) {
      kind = "enum";
      mods &= ~(Modifier.FINAL | Modifier.STATIC | Modifier.ABSTRACT);
    } else if (type.isRecord()) {
      kind = "record";
      mods &= ~(Modifier.FINAL | Modifier.STATIC);
    } else {
      kind = "class";
    }
    StringBuilder header = new StringBuilder(modifiers(mods)).append(kind).append(' ').append(type.getName())
        .append(typeParameters(type.getTypeParameters()).stripTrailing());
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      header.append(" extends ").append(name(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      header.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces).map(ApiListing::name).sorted().collect(Collectors.joining(", ")));
    }
    return header.toString();
  }

  private static String parameters(Executable executable) {
    String params = Arrays.stream(executable.getGenericParameterTypes()).map(ApiListing::name)
        .collect(Collectors.joining(", ", "(", ")"));
    Type[] thrown = executable.getGenericExceptionTypes();
    return thrown.length == 0 ? params
        : params + " throws " + Arrays.stream(thrown).map(ApiListing::name).sorted().collect(Collectors.joining(", "));
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(variable -> {
      List<String> bounds = Arrays.stream(variable.getBounds()).filter(bound -> bound != Object.class)
          .map(ApiListing::name).toList();
      return bounds.isEmpty() ? variable.getName() : variable.getName() + " extends " + String.join(" & ", bounds);
    }).collect(Collectors.joining(", ", "<", "> "));
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String name(Type type) {
    return type.getTypeName();
  }
}
