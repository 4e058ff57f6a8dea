{{/* Names, labels and the few rules shared by every template. */}}

{{- define "consorcio.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "consorcio.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "consorcio.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "consorcio.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Common labels; pass (dict "root" $ "component" "payments"). */}}
{{- define "consorcio.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: consorcio
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
{{ include "consorcio.selectorLabels" . }}
{{- end -}}

{{- define "consorcio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "consorcio.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image every service and the migrations run. */}}
{{- define "consorcio.image" -}}
{{- $tag := required "image.tag is required: the image tag to deploy (e.g. --set image.tag=1.4.2)" .Values.image.tag -}}
{{- printf "%s:%v" .Values.image.repository $tag -}}
{{- end -}}

{{/* The Secret holding the secret values: the chart's own, or secrets.existingSecret. */}}
{{- define "consorcio.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "consorcio.fullname" .) -}}
{{- end -}}

{{/* Variables that may be absent from the Secret. */}}
{{- define "consorcio.optionalSecretKeys" -}}
{{- list "GATEWAY_ADMIN_USERNAME" "GATEWAY_ADMIN_PASSWORD" "GATEWAY_JWT_PUBLIC_KEYS" "SMTP_URL" "NOTIFICATIONS_SMS_TOKEN" "NOTIFICATIONS_PUSH_TOKEN" "S3_ACCESS_KEY_ID" "S3_SECRET_ACCESS_KEY" | toJson -}}
{{- end -}}

{{/* Connection variables the trial infrastructure (dev.enabled) provides. */}}
{{- define "consorcio.devUrls" -}}
{{- $f := include "consorcio.fullname" . -}}
{{- $ns := .Release.Namespace -}}
DATABASE_URL: {{ printf "postgres://consorcio:%s@%s-postgres.%s.svc:5432/consorcio" .Values.dev.postgres.password $f $ns | quote }}
REDIS_URL: {{ printf "redis://%s-redis.%s.svc:6379" $f $ns | quote }}
AMQP_URL: {{ printf "amqp://consorcio:%s@%s-rabbitmq.%s.svc:5672" .Values.dev.rabbitmq.password $f $ns | quote }}
{{- end -}}

{{/*
One variable taken from a Secret: the trial infrastructure's URLs from its own Secret, the rest from the
installation's. (dict "root" $ "key" "DATABASE_URL")
*/}}
{{- define "consorcio.secretEnvVar" -}}
{{- $root := .root -}}
{{- $secret := include "consorcio.secretName" $root -}}
{{- if and $root.Values.dev.enabled (has .key (list "DATABASE_URL" "REDIS_URL" "AMQP_URL")) -}}
{{- $secret = printf "%s-dev-urls" (include "consorcio.fullname" $root) -}}
{{- end }}
- name: {{ .key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .key }}
      {{- if has .key (include "consorcio.optionalSecretKeys" $root | fromJsonArray) }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Where a service is reached: the headless Service's DNS name (every replica's address) for callers that balance. */}}
{{- define "consorcio.grpcAddress" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if .headless -}}
{{- printf "dns:///%s-%s-headless.%s.svc.%s:%v" (include "consorcio.fullname" .root) .name .root.Release.Namespace .root.Values.clusterDomain $svc.port -}}
{{- else -}}
{{- printf "%s-%s.%s.svc.%s:%v" (include "consorcio.fullname" .root) .name .root.Release.Namespace .root.Values.clusterDomain $svc.port -}}
{{- end -}}
{{- end -}}

{{/* The pod-level security settings shared by every workload of the chart. */}}
{{- define "consorcio.podSecurity" -}}
automountServiceAccountToken: false
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
