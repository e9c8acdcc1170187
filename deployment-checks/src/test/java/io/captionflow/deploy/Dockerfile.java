package io.captionflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its instructions (continuation lines joined, comments dropped), grouped by build
 * stage.
 */
record Dockerfile(String path, List<Stage> stages, List<Instruction> preamble) {

  record Instruction(String keyword, String arguments) {}

  /** One FROM and the instructions under it. */
  record Stage(String from, String name, List<Instruction> instructions) {
    List<String> arguments(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }

    String all(String keyword) {
      return String.join("\n", arguments(keyword));
    }

    /** The last USER of the stage, or null when it never sets one. */
    String user() {
      List<String> users = arguments("USER");
      return users.isEmpty() ? null : users.get(users.size() - 1);
    }
  }

  static Dockerfile read(String path) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Repo.read(path).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String text = current.toString().strip();
      current.setLength(0);
      if (!text.isEmpty()) {
        int space = text.indexOf(' ');
        instructions.add(
            new Instruction(
                text.substring(0, space).toUpperCase(Locale.ROOT),
                text.substring(space + 1).strip()));
      }
    }
    List<Instruction> preamble = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("FROM")) {
        String[] words = i.arguments().split("\\s+");
        String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        stages.add(new Stage(words[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        preamble.add(i);
      } else {
        stages.get(stages.size() - 1).instructions().add(i);
      }
    }
    return new Dockerfile(path, stages, preamble);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " has no stage " + name));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }
}
