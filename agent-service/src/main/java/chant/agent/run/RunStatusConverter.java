package chant.agent.run;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link RunStatus} as its lower-case name, the spelling of the migration's CHECK and indexes. */
@Converter(autoApply = true)
public class RunStatusConverter implements AttributeConverter<RunStatus, String> {

    @Override
    public String convertToDatabaseColumn(RunStatus status) {
        return status == null ? null : status.dbName();
    }

    @Override
    public RunStatus convertToEntityAttribute(String name) {
        return name == null ? null : RunStatus.fromDb(name);
    }
}
