package chant.spec.grpc;

import chant.support.failure.InvalidRequestException;
import chant.spec.transfer.FolderFile;
import chant.spec.transfer.ImportOptions;
import chant.spec.transfer.ImportReport;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Translates the ImportSpecs stream (a header, then files) to the importer's terms and back. */
final class ImportMessages {

    private ImportMessages() {
    }

    static ImportOptions header(List<ImportSpecsRequest> messages) {
        if (messages.isEmpty() || !messages.get(0).hasHeader()) {
            throw new InvalidRequestException("the first ImportSpecs message must be a header naming the project");
        }
        var h = messages.get(0).getHeader();
        return new ImportOptions(h.getProject(), h.getCreateProject(), h.getReplaceExisting());
    }

    static List<FolderFile> files(List<ImportSpecsRequest> messages) {
        return messages.stream().skip(1).map(m -> {
            if (!m.hasFile()) {
                throw new InvalidRequestException("only the first ImportSpecs message may be a header");
            }
            return new FolderFile(m.getFile().getPath(), utf8(m.getFile().getContent().toByteArray()));
        }).toList();
    }

    static ImportSpecsResponse toResponse(ImportReport report) {
        ImportSpecsResponse.Builder b = ImportSpecsResponse.newBuilder().setProject(report.project());
        for (ImportReport.FileResult f : report.files()) {
            b.addFiles(ImportedFile.newBuilder()
                    .setPath(f.path())
                    .setOutcome(ProtoEnums.IMPORT_OUTCOME.toProto(f.outcome()))
                    .setSpecId(f.specId() == null ? "" : f.specId())
                    .addAllProblems(f.problems().stream().map(ProtoMapper::toProto).toList()));
        }
        return b.setImportedCount((int) report.count(ImportReport.Outcome.IMPORTED))
                .setRefusedCount((int) report.count(ImportReport.Outcome.REFUSED))
                .setDocumentCount((int) report.count(ImportReport.Outcome.DOCUMENT))
                .build();
    }

    /** The text of a file, or null when it is not UTF-8 (the importer refuses it). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
