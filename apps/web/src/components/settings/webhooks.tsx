import { useMutation, useQuery } from "@tanstack/react-query";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@invite/schemas";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "../ui/alert.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card.tsx";
import { TextField } from "../ui/field.tsx";
import { Skeleton } from "../ui/spinner.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getFieldErrors } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";

/**
 * The settings' webhooks card (docs/webhooks.md): endpoints with their state, adding one (its
 * secret shown once, here), and per endpoint its delivery log, a test event and redelivery.
 */
export function WebhookSettings() {
  // Polled, so an endpoint starting to fail (or disabled for it) shows without a reload.
  const endpoints = useQuery({ ...trpc.webhook.list.queryOptions(), refetchInterval: 10_000 });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle as="h2">Webhooks</CardTitle>
        <CardDescription>
          Signed HTTP requests to your systems when invitations and members change (Standard Webhooks).
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        {secret && (
          <Alert tone="success" title="Endpoint added. Copy its signing secret now: it won't be shown again.">
            <p className="break-all">
              For {secret.url}: <code className="rounded bg-white px-1 py-0.5 font-mono text-xs">{secret.secret}</code>
            </p>
          </Alert>
        )}
        {endpoints.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : endpoints.isError ? (
          <Alert tone="error" title="We couldn't load the webhook endpoints">{getErrorMessage(endpoints.error)}</Alert>
        ) : endpoints.data.length === 0 ? (
          <p className="text-sm text-gray-600">No endpoints yet.</p>
        ) : (
          <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200">
            {endpoints.data.map((endpoint) => (
              <EndpointRow key={endpoint.id} endpoint={endpoint} />
            ))}
          </ul>
        )}
        <AddEndpoint onCreated={setSecret} />
      </CardContent>
    </Card>
  );
}

type Endpoint = {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
};

function refresh() {
  void queryClient.invalidateQueries(trpc.webhook.pathFilter());
}

function EndpointRow({ endpoint }: { endpoint: Endpoint }) {
  const [open, setOpen] = useState(false);
  const test = useMutation(trpc.webhook.test.mutationOptions({ onSuccess: () => (toast.success("Test event queued"), refresh()) }));
  const toggle = useMutation(trpc.webhook.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <li className="space-y-2 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 break-all font-mono text-sm text-gray-900">{endpoint.url}</span>
        {endpoint.enabled ? (
          endpoint.failingSince ? <Badge tone="warning">Failing</Badge> : <Badge tone="success">Active</Badge>
        ) : (
          <Badge tone="danger">Disabled</Badge>
        )}
      </div>
      <p className="text-xs text-gray-600">{endpoint.events.join(", ")}</p>
      {endpoint.disabledReason && <p className="text-sm text-red-700">{endpoint.disabledReason}</p>}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? "Hide deliveries" : "Deliveries"}
        </Button>
        <Button size="sm" variant="secondary" onClick={() => test.mutate({ id: endpoint.id })}>
          Send a test event
        </Button>
        <Button size="sm" variant="ghost" onClick={() => toggle.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}>
          {endpoint.enabled ? "Pause" : "Enable"}
        </Button>
        <Button size="sm" variant="danger" onClick={() => remove.mutate({ id: endpoint.id })}>
          Delete
        </Button>
      </div>
      {open && <DeliveryLog endpointId={endpoint.id} />}
    </li>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const log = useQuery({ ...trpc.webhook.deliveries.queryOptions({ endpointId }), refetchInterval: 3_000 });
  const redeliver = useMutation(trpc.webhook.redeliver.mutationOptions({ onSuccess: () => (toast.success("Queued again"), refresh()) }));
  if (log.isPending) return <Skeleton className="h-10 w-full" />;
  if (log.isError) return <p className="text-sm text-red-700">{getErrorMessage(log.error)}</p>;
  if (log.data.items.length === 0) return <p className="text-sm text-gray-600">Nothing sent yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Deliveries">
        <thead className="text-xs text-gray-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Event</th>
            <th className="py-1 pr-3 font-medium">Status</th>
            <th className="py-1 pr-3 font-medium">Attempts</th>
            <th className="py-1 pr-3 font-medium">Response</th>
            <th className="py-1 pr-3 font-medium">Time</th>
            <th className="py-1 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {log.data.items.map((delivery) => (
            <tr key={delivery.id}>
              <td className="py-1.5 pr-3 font-mono text-xs">{delivery.type}</td>
              <td className="py-1.5 pr-3">
                <Badge tone={delivery.status === "SENT" ? "success" : delivery.status === "FAILED" ? "danger" : "warning"} title={delivery.lastError ?? undefined}>
                  {delivery.status === "SENT" ? "Delivered" : delivery.status === "FAILED" ? "Failed" : delivery.attempts ? "Retrying" : "Queued"}
                </Badge>
              </td>
              <td className="py-1.5 pr-3 tabular-nums">{delivery.attempts}</td>
              <td className="py-1.5 pr-3 tabular-nums">{delivery.responseStatus ?? "—"}</td>
              <td className="py-1.5 pr-3 tabular-nums">{delivery.latencyMs === null ? "—" : `${delivery.latencyMs} ms`}</td>
              <td className="py-1.5 text-right">
                <Button size="sm" variant="ghost" onClick={() => redeliver.mutate({ deliveryId: delivery.id })}>
                  Redeliver
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data.items[0]?.lastError && log.data.items[0].status !== "SENT" && (
        <p className="mt-2 text-xs break-words text-gray-600">Last error: {log.data.items[0].lastError}</p>
      )}
    </div>
  );
}

function AddEndpoint({ onCreated }: { onCreated: (created: { url: string; secret: string }) => void }) {
  const id = useId();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: (created) => {
        onCreated({ url: created.endpoint.url, secret: created.secret });
        setUrl("");
        refresh();
      },
    }),
  );
  const fields = create.error ? getFieldErrors(create.error) : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ url, events });
  }
  return (
    <form noValidate onSubmit={submit} aria-label="Add a webhook endpoint" className="space-y-3 border-t border-gray-200 pt-4">
      <TextField label="Endpoint URL" name="url" type="url" placeholder="https://example.com/webhooks/invitations" value={url} onChange={(e) => setUrl(e.target.value)} error={fields.url} />
      <fieldset>
        <legend className="text-sm font-medium text-gray-900">Events</legend>
        <div className="mt-2 grid gap-1.5 sm:grid-cols-3">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            // 24 px rows around a 16 px box: a target WCAG 2.5.8 lets a finger hit.
            <label key={type} className="flex min-h-6 items-center gap-2 text-sm text-gray-700">
              <input
                type="checkbox"
                className="size-4 shrink-0"
                id={`${id}-${type}`}
                checked={events.includes(type)}
                onChange={(e) => setEvents(e.target.checked ? [...events, type] : events.filter((t) => t !== type))}
              />
              <span className="font-mono text-xs">{type}</span>
            </label>
          ))}
        </div>
        {fields.events && <p className="mt-1 text-sm text-red-700">{fields.events}</p>}
      </fieldset>
      {create.error && !fields.url && !fields.events && <p className="text-sm text-red-700">{getErrorMessage(create.error)}</p>}
      <Button type="submit" disabled={create.isPending}>
        Add endpoint
      </Button>
    </form>
  );
}
