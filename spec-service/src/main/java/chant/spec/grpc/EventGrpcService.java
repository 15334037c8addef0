package chant.spec.grpc;

import chant.spec.audit.EventFeed;
import chant.support.auth.Role;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.grpc.StreamPump;
import chant.spec.audit.EventQuery;
import chant.spec.audit.EventReader;
import chant.spec.audit.SpecEvent;
import chant.support.grpc.UndecodableRequests;
import chant.support.paging.PageSize;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.SpecFinder;
import chant.v1.ListSpecEventsRequest;
import chant.v1.ListSpecEventsResponse;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import java.util.List;

/**
 * chant.v1.SpecEventService: pages of the audit trail and the live watch. The watch is a
 * {@link StreamPump} over an {@link EventFeed.Cursor}: it reads a batch only when the client can take
 * it, so a slow watcher of a long backlog holds the service to one batch ({@link EventWatches}).
 */
@GrpcService
public class EventGrpcService extends SpecEventServiceGrpc.SpecEventServiceImplBase {

    /** The generated binding, guarded against request messages that cannot be decoded. */
    @Override
    public ServerServiceDefinition bindService() {
        return UndecodableRequests.guard(super.bindService());
    }

    @Inject
    Projects projects;

    @Inject
    chant.spec.access.Access access;

    @Inject
    SpecFinder finder;

    @Inject
    EventReader reader;

    @Inject
    EventWatches watches;

    @Override
    @Blocking
    public void listSpecEvents(ListSpecEventsRequest r, StreamObserver<ListSpecEventsResponse> response) {
        int size = PageSize.STANDARD.resolve(r.getPageSize());
        EventQuery query = query(r.getProject(), r.getSpecId(), List.of(), r.getAfterSequence());
        List<SpecEvent> events = reader.page(query, size);
        response.onNext(ListSpecEventsResponse.newBuilder()
                .addAllEvents(events.stream().map(EventGrpcService::toProto).toList())
                .setNextAfterSequence(events.size() == size ? events.get(events.size() - 1).sequence() : 0)
                .build());
        response.onCompleted();
    }

    /** Blocking only to check the request (project, spec); the events are read by the pump. */
    @Override
    @Blocking
    public void watchSpecEvents(WatchSpecEventsRequest r, StreamObserver<WatchSpecEventsResponse> response) {
        EventQuery query = query(r.getProject(), r.getSpecId(), r.getLabelsList(), r.getAfterSequence());
        EventQuery start = r.getAfterSequence() > 0 ? query : query.after(reader.latestSequence(query.projectId()));
        watches.start((ServerCallStreamObserver<WatchSpecEventsResponse>) response, start,
                e -> WatchSpecEventsResponse.newBuilder().setEvent(toProto(e)).build());
    }

    /** The events a viewer of the project may read (checked before anything is looked up). */
    private EventQuery query(String projectName, String specQuery, List<String> labels, long after) {
        access.requireRole(CurrentPrincipal.get(), projectName, Role.VIEWER);
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
