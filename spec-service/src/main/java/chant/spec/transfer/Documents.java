package chant.spec.transfer;

import chant.spec.project.Project;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The non-spec files of a project's `.chant/` folder (research notes, context), kept for export. */
@ApplicationScoped
public class Documents {

    @Transactional(Transactional.TxType.MANDATORY)
    public void put(Project project, String path, String content) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO document (project_id, path, content) VALUES (:p, :path, :content)
                ON CONFLICT (project_id, path) DO UPDATE SET content = EXCLUDED.content""")
                .setParameter("p", project.id)
                .setParameter("path", path)
                .setParameter("content", content)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FolderFile> all(Project project) {
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("SELECT path, content FROM document WHERE project_id = :p ORDER BY path")
                .setParameter("p", project.id)
                .getResultList();
        return rows.stream().map(r -> new FolderFile((String) r[0], (String) r[1])).toList();
    }
}
