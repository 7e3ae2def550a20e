{{- define "nbpromote.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nbpromote.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "nbpromote.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "nbpromote.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "nbpromote.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nbpromote.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "nbpromote.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "nbpromote.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The number of replicas: `auto` is three (what the service's replica test runs) when replicas
can share everything (PostgreSQL, a git remote, no ReadWriteOnce volume), else one.
*/}}
{{- define "nbpromote.replicas" -}}
{{- if eq (toString .Values.replicaCount) "auto" }}
{{- if and .Values.database.existingSecret .Values.git.remote.existingSecret (not .Values.persistence.enabled) }}3{{ else }}1{{ end }}
{{- else }}{{ int .Values.replicaCount }}{{ end }}
{{- end }}

{{/* Refuses combinations that would lose data or serve requests wrongly. */}}
{{- define "nbpromote.checks" -}}
{{- $replicas := include "nbpromote.replicas" . | int }}
{{- if and (gt $replicas 1) (not .Values.database.existingSecret) }}
{{- fail "replicaCount > 1 needs PostgreSQL: set database.existingSecret (SQLite is one replica's file)" }}
{{- end }}
{{- if and (gt $replicas 1) (not .Values.git.remote.existingSecret) }}
{{- fail "replicaCount > 1 needs a shared git remote: set git.remote.existingSecret (replicas share the artifact repository through it)" }}
{{- end }}
{{- if and (not .Values.persistence.enabled) (not .Values.database.existingSecret) }}
{{- fail "without persistence the SQLite database would be lost with the pod: set database.existingSecret or persistence.enabled" }}
{{- end }}
{{- if and .Values.persistence.enabled (gt $replicas 1) }}
{{- fail "persistence.enabled mounts one ReadWriteOnce volume: with replicaCount > 1 set persistence.enabled=false (each replica then has its own emptyDir data dir)" }}
{{- end }}
{{- end }}
