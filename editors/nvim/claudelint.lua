-- claudelint in Neovim's built-in LSP client (Neovim 0.8 or later).
--
-- Copy this file to ~/.config/nvim/plugin/claudelint.lua (or require it from
-- init.lua). For every JSON, YAML, .env or shell buffer it starts (or reuses)
-- `claudelint lsp`, rooted at the nearest folder with a claudelint.yaml, else
-- the git work tree, else the file's folder. The server finds each file's
-- config tree itself and checks it the way `claudelint check` does.
--
-- Set vim.g.claudelint_cmd to change the command, for example
--   vim.g.claudelint_cmd = { '/opt/claudelint/bin/claudelint', 'lsp', '--rule', 'CL2006=off' }

local filetypes = { 'json', 'jsonc', 'yaml', 'sh', 'bash', 'dotenv' }

local function root_for(file)
  local found = vim.fs.find({ 'claudelint.yaml', '.git' }, { upward = true, path = vim.fs.dirname(file) })
  for _, marker in ipairs(found) do
    if vim.fs.basename(marker) == 'claudelint.yaml' then return vim.fs.dirname(marker) end
  end
  return found[1] and vim.fs.dirname(found[1]) or vim.fs.dirname(file)
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = filetypes,
  group = vim.api.nvim_create_augroup('claudelint', { clear = true }),
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    if file == '' then return end
    vim.lsp.start({
      name = 'claudelint',
      cmd = vim.g.claudelint_cmd or { 'claudelint', 'lsp' },
      root_dir = root_for(file),
    }, { bufnr = args.buf })
  end,
})
