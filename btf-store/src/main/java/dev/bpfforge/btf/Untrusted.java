package dev.bpfforge.btf;

/** Helpers for echoing untrusted input into exception messages. */
final class Untrusted {

  private static final int MAX_ECHO = 40;

  private Untrusted() {
  }

  /** The input cut to a short single line, so a message cannot be flooded or split by it. */
  static String echo(String s) {
    return echo(s, MAX_ECHO);
  }

  /** As {@link #echo(String)}, cut at {@code max} characters: for names that are long by nature. */
  static String echo(String s, int max) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }
}
