package chant.merge.remote;

/** A spec as a chant markdown file: its path relative to the {@code .chant/} folder and its text. */
public record SpecFile(String specId, String path, String content) {
}
