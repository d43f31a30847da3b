variable "trail_name" {
  type    = string
  default = "org-audit"
}

variable "log_bucket_name" {
  type    = string
  default = "example-org-audit-logs"
}

variable "retention_days" {
  type    = number
  default = 400
}
