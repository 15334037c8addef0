package chant.spec.grpc;

import chant.spec.audit.EventFeed;
import chant.spec.audit.EventQuery;
import chant.spec.audit.EventReader;
import chant.spec.audit.SpecEvent;
import chant.support.grpc.UndecodableRequests;
import chant.support.paging.PageSize;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.SpecFinder;
import chant.spec.store.SpecFinder;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecEventsResponse;
import chant.v1.MutinySpecEventServiceGrpc;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;

/** chant.v1.SpecEventService: pages of the audit trail and the live watch. */
@GrpcService
public class EventGrpcService extends MutinySpecEventServiceGrpc.SpecEventServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    EventReader reader;

    @Inject
    EventFeed feed;

    @Override
    @Blocking
    public Uni<ListSpecEventsResponse> listSpecEvents(ListSpecEventsRequest r) {
        return Uni.createFrom().item(() -> {
            int size = PageSize.STANDARD.resolve(r.getPageSize());
            EventQuery query = query(r.getProject(), r.getSpecId(), List.of(), r.getAfterSequence());
            List<SpecEvent> events = reader.page(query, size);
            return ListSpecEventsResponse.newBuilder()
                    .addAllEvents(events.stream().map(EventGrpcService::toProto).toList())
                    .setNextAfterSequence(events.size() == size ? events.get(events.size() - 1).sequence() : 0)
                    .build();
        });
    }

    @Override
    @Blocking
    public Multi<WatchSpecEventsResponse> watchSpecEvents(WatchSpecEventsRequest r) {
        try {
            EventQuery query = query(r.getProject(), r.getSpecId(), r.getLabelsList(), r.getAfterSequence());
            EventQuery start = r.getAfterSequence() > 0 ? query : query.after(reader.latestSequence(query.projectId()));
            return feed.follow(start).map(e -> WatchSpecEventsResponse.newBuilder().setEvent(toProto(e)).build());
        } catch (RuntimeException e) {
            return Multi.createFrom().failure(e);
        }
    }

    private EventQuery query(String projectName, String specQuery, List<String> labels, long after) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.require(projectName);
            String specId = specQuery == null || specQuery.isBlank() ? null : finder.read(project, specQuery).specId;
            return new EventQuery(project.id, project.name, specId, labels, after);
        });
    }

    static chant.v1.SpecEvent toProto(SpecEvent e) {
        chant.v1.SpecEvent.Builder b = chant.v1.SpecEvent.newBuilder()
                .setSequence(e.sequence())
                .setTime(chant.support.time.Timestamps.toProto(e.time()))
                .setActor(e.actor())
                .setProject(e.project())
                .setSpecId(e.specId())
                .setKind(ProtoEnums.EVENT_KIND.toProto(e.kind()))
                .setOldValue(e.oldValue())
                .setNewValue(e.newValue())
                .setForced(e.forced())
                .setReason(e.reason())
                .addAllLabels(e.labels());
        if (e.fromStatus() != null) {
            b.setFromStatus(ProtoMapper.toProto(e.fromStatus()));
        }
        if (e.toStatus() != null) {
            b.setToStatus(ProtoMapper.toProto(e.toStatus()));
        }
        return b.build();
    }
}
