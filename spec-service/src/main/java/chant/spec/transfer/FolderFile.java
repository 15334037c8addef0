package chant.spec.transfer;

/**
 * One file of a `.chant/` folder: its path relative to the folder, with '/' separators, and its
 * text; {@code content} is null when the file was not UTF-8.
 */
public record FolderFile(String path, String content) {
}
