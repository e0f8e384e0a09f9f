package dev.weft.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Prints the rows as one Markdown table, columns padded so it also reads in a terminal. */
final class Table {

  private static final String[] HEADER = {
      "", "workload", "Weft in-process", "Weft multi-JVM", "dask", "Weft ÷ dask", "target", "met"};

  private Table() {}

  static String render(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row r : rows) {
      Double x = r.timesDask();
      cells.add(new String[] {
          r.id(), r.what(), cell(r.inProcess()), cell(r.multiJvm()), cell(r.dask()),
          x == null ? "" : String.format(Locale.ROOT, x >= 10 ? "%,.0f×" : x >= 0.1 ? "%.1f×" : "%.2f×", x),
          r.target().text(), r.met()});
    }
    int[] width = new int[HEADER.length];
    Arrays.fill(width, 3);
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < cells.size(); l++) {
      line(out, cells.get(l), width);
      if (l == 0) {
        String[] rule = new String[width.length];
        for (int i = 0; i < width.length; i++) {
          rule[i] = "-".repeat(width[i]);
        }
        line(out, rule, width);
      }
    }
    return out.toString();
  }

  private static String cell(Stats s) {
    return s == null ? "—" : s.format();
  }

  private static void line(StringBuilder out, String[] line, int[] width) {
    out.append('|');
    for (int i = 0; i < line.length; i++) {
      out.append(' ').append(line[i]).append(" ".repeat(width[i] - line[i].length())).append(" |");
    }
    out.append('\n');
  }
}
