-- Test driver for test/editors/neovim.test.ts: runs after the documented init.lua. Opens each file, waits for the
-- server's diagnostics, applies the preferred quick fix of one finding through Neovim's own apply_workspace_edit,
-- and writes what Neovim saw to $TG_OUT as JSON.
local out = {}
local registrations = {}
local default_register = vim.lsp.handlers['client/registerCapability']
vim.lsp.handlers['client/registerCapability'] = function(err, result, ctx, config)
  for _, r in ipairs((result or {}).registrations or {}) do table.insert(registrations, r.method) end
  if default_register then return default_register(err, result, ctx, config) end
  return vim.NIL
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diagnostics_of(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { code = code_of(d), line = d.lnum + 1, col = d.col + 1, severity = d.severity, source = d.source })
  end
  table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and tostring(a.code) < tostring(b.code)) end)
  return list
end

local function has(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do if code_of(d) == code then return d end end
  return nil
end

local files = vim.split(os.getenv('TG_FILES'), ',')
local fix_code = os.getenv('TG_FIX_CODE')
for i, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local seen = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out[file] = { seen = seen, diagnostics = diagnostics_of(bufnr), filetype = vim.bo[bufnr].filetype }
  if i == 1 and fix_code then
    local d = has(bufnr, fix_code)
    -- What vim.lsp.buf.code_action() sends: the LSP diagnostics of the cursor line.
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) },
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 15000) or {}
    local applied = nil
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        if not applied and action.isPreferred and action.edit then
          vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
          applied = action.title
        end
      end
    end
    local gone = vim.wait(30000, function() return has(bufnr, fix_code) == nil end, 50)
    out.fix = { title = applied, gone = gone, text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'),
                after = diagnostics_of(bufnr) }
  end
end
out.registrations = registrations
out.clients = #vim.lsp.get_active_clients()
local f = io.open(os.getenv('TG_OUT'), 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd("qa!")
